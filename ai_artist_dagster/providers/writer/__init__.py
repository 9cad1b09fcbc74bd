"""Text providers (offline writer now; LLM providers plug in behind the same interface) and the
router that tries them in order and records every call for the `llm_calls` ledger."""

from ai_artist_dagster.providers.writer.base import CallRecord, WriterError, WriterProvider
from ai_artist_dagster.providers.writer.offline import OfflineWriter
from ai_artist_dagster.providers.writer.router import WriterRouter

__all__ = ["CallRecord", "OfflineWriter", "WriterError", "WriterProvider", "WriterRouter"]
