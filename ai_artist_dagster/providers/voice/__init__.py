"""Singing voices: Festival + WORLD offline (default), or none (an instrumental, with the reason)."""

from typing import Literal

from ai_artist_dagster.providers.voice.base import NoVoice, VoiceProvider

VoiceName = Literal["festival", "none"]
VOICES: tuple[VoiceName, ...] = ("festival", "none")


def voice_for(name: VoiceName, voice: str | None = None) -> VoiceProvider:
    """The configured voice, or NoVoice saying which package is missing and how to install it."""
    if name == "none":
        return NoVoice("vocals are off (AI_ARTIST_VOICE=none)")
    from ai_artist_dagster.providers.voice import festival
    from ai_artist_dagster.providers.voice.world import FestivalWorldVoice

    missing = festival.available(voice or festival.DEFAULT_VOICE)
    return NoVoice(missing) if missing else FestivalWorldVoice()


__all__ = ["VOICES", "NoVoice", "VoiceName", "VoiceProvider", "voice_for"]
