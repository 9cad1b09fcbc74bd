from __future__ import annotations

from typing import cast

from pydantic import BaseModel

from ai_artist_dagster.domain.errors import diagnose
from ai_artist_dagster.domain.writer import write_critique, write_lyrics, write_profile
from ai_artist_dagster.lib.schemas import CritiqueBrief, ErrorBrief, LyricsBrief, ProfileBrief
from ai_artist_dagster.providers.writer.base import ChatReply, ChatRequest, WriterProvider, estimate_tokens


class OfflineWriter(WriterProvider):
    """The embedded, rule-based writer: no key, no network, deterministic per seed. It answers
    from the structured brief; token counts are estimated from the prompt an LLM would get."""

    name = "offline"
    model = "offline-writer-v2"
    cacheable = False

    def chat(self, request: ChatRequest) -> ChatReply:
        result: BaseModel
        if request.task == "artist_profile":
            result = write_profile(cast(ProfileBrief, request.brief))
        elif request.task == "lyrics":
            result = write_lyrics(cast(LyricsBrief, request.brief))
        elif request.task == "critique":
            result = write_critique(cast(CritiqueBrief, request.brief))
        elif request.task == "error_diagnosis":
            result = diagnose(cast(ErrorBrief, request.brief))
        else:
            raise ValueError(f"the offline writer has no task {request.task!r}")
        text = result.model_dump_json()
        prompt = request.prompt.system + request.prompt.user
        return ChatReply(
            text=text, tokens_in=estimate_tokens(prompt), tokens_out=estimate_tokens(text), model=self.model
        )
