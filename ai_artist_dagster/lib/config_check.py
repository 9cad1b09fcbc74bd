"""`ai-artist status`'s configuration check, remembered while nothing it reads has changed.

The check builds every resource from the environment (defs/resources.default_resources), which
imports Dagster: ~2 s of CPU, paid by every `status` although the configuration rarely changes.
A passed check is remembered by a digest of the variables the project reads (by their prefixes;
test_definitions checks that .env.example's variables all have one) and of the modules that declare
the rules; a failed check is never remembered, so its error shows every time. Values are hashed,
never stored.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from ai_artist_dagster.lib.files import atomic_write_text

CONFIG_PREFIXES = (
    "AI_ARTIST_", "OPENAI_", "ANTHROPIC_", "GEMINI_", "GOOGLE_", "DEEPSEEK_", "XAI_", "MISTRAL_", "OLLAMA_",
    "VLLM_", "LLAMACPP_", "SUNO_", "PEXELS_", "PIXABAY_", "TELEGRAM_", "SFTP_", "DDEX_", "YOUTUBE_", "TIKTOK_",
    "INSTAGRAM_", "SPOTIFY_", "LASTFM_", "APPLE_MUSIC_", "AWS_", "DAGSTER_", "MALLOC_", "DO_NOT_TRACK",
)  # fmt: skip
PACKAGE = Path(__file__).resolve().parents[1]


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in sorted(k for k in os.environ if k.startswith(CONFIG_PREFIXES)):
        digest.update(f"{name}={hashlib.sha256(os.environ[name].encode()).hexdigest()}\n".encode())
    for module in sorted(
        [*PACKAGE.glob("defs/**/resources.py"), *PACKAGE.glob("lib/schemas/*.py"), PACKAGE / "lib/env.py"]
    ):
        digest.update(f"{module.relative_to(PACKAGE)} {module.stat().st_mtime_ns}\n".encode())
    return digest.hexdigest()


def checked(memo: Path, check: Callable[[], None]) -> None:
    """Run ``check`` (it raises on a bad configuration) unless it passed with this same fingerprint."""
    key = fingerprint()
    if memo.exists() and json.loads(memo.read_text() or "{}").get("passed") == key:
        return
    check()
    memo.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(memo, json.dumps({"passed": key}))
