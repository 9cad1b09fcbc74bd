"""The offline writer: rule-based, deterministic per seed, grounded in the brief's data."""

from ai_artist_dagster.domain.writer.critic import write_critique
from ai_artist_dagster.domain.writer.lyrics import write_lyrics
from ai_artist_dagster.domain.writer.naming import artist_name, slugify
from ai_artist_dagster.domain.writer.profile import creation_report, write_profile

__all__ = ["artist_name", "creation_report", "slugify", "write_critique", "write_lyrics", "write_profile"]
