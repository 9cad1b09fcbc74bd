from __future__ import annotations

from typing import cast

from pydantic import BaseModel

from ai_artist_dagster.domain.writer import write_critique, write_lyrics, write_profile
from ai_artist_dagster.lib.schemas import CritiqueBrief, LyricsBrief, ProfileBrief
from ai_artist_dagster.providers.writer.base import T, Task, WriterProvider


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)  # the common ~4 characters per token estimate


class OfflineWriter(WriterProvider):
    """The embedded, rule-based writer: no key, no network, deterministic per seed."""

    name = "offline"
    model = "offline-writer-v1"

    def generate(self, task: Task, brief: BaseModel, schema: type[T]) -> tuple[T, int, int]:
        if task == "artist_profile":
            result: BaseModel = write_profile(cast(ProfileBrief, brief))
        elif task == "lyrics":
            result = write_lyrics(cast(LyricsBrief, brief))
        elif task == "critique":
            result = write_critique(cast(CritiqueBrief, brief))
        else:
            raise ValueError(f"the offline writer has no task {task!r}")
        validated = schema.model_validate(result.model_dump())
        return validated, _tokens(brief.model_dump_json()), _tokens(validated.model_dump_json())
