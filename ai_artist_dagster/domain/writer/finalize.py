"""Facts an LLM must not change: after a result validates, the brief's facts are pinned onto it
(the roster chose the niche; the router chose the prompt variant)."""

from __future__ import annotations

from pydantic import BaseModel

from ai_artist_dagster.domain.vocals.identity import identity_for
from ai_artist_dagster.lib.schemas import ArtistProfile, Lyrics, LyricsBrief, ProfileBrief


def pin_facts(brief: BaseModel, result: BaseModel) -> BaseModel:
    if isinstance(brief, ProfileBrief) and isinstance(result, ArtistProfile):
        niche = brief.niche
        low, high = result.tempo_range
        if not low <= niche.tempo_bpm <= high:
            low, high = max(60, niche.tempo_bpm - 8), min(200, niche.tempo_bpm + 8)
        pinned = result.model_copy(
            update={
                "artist_id": brief.artist_id,
                "version": brief.version,
                "name": brief.name,
                "genre": niche.genre,
                "mood": niche.mood,
                "tempo_bpm": niche.tempo_bpm,
                "key": niche.key,
                "mode": niche.mode,
                "tempo_range": (low, high),
            }
        )
        # the artist's singing voice, kept by every later version of the profile
        return pinned.model_copy(update={"vocal": pinned.vocal or identity_for(pinned)})
    if isinstance(brief, LyricsBrief) and isinstance(result, Lyrics):
        return result.model_copy(update={"prompt_variant": brief.prompt_variant})
    return result
