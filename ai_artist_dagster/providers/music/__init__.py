"""Music providers: the offline composer now; a Suno-compatible API plugs in behind the same interface."""

from ai_artist_dagster.providers.music.base import ComposedTrack, MusicProvider, TrackRequest
from ai_artist_dagster.providers.music.offline import OfflineComposer

__all__ = ["ComposedTrack", "MusicProvider", "OfflineComposer", "TrackRequest"]
