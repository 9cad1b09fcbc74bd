"""Music providers: the offline composer (default) and Suno-compatible HTTP APIs, which fall
back to the composer."""

from ai_artist_dagster.providers.music.base import (
    ComposedTrack,
    MusicAttempt,
    MusicProvider,
    MusicProviderError,
    TrackRequest,
)
from ai_artist_dagster.providers.music.fallback import WithFallback
from ai_artist_dagster.providers.music.offline import OfflineComposer
from ai_artist_dagster.providers.music.suno import SunoProvider, SunoSettings

__all__ = [
    "ComposedTrack",
    "MusicAttempt",
    "MusicProvider",
    "MusicProviderError",
    "OfflineComposer",
    "SunoProvider",
    "SunoSettings",
    "TrackRequest",
    "WithFallback",
]
