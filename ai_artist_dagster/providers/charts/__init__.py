"""Chart sources: where chart entries and audio features come from.

Offline defaults replay the bundled real charts (data/charts); live sources plug in behind the
same interface. Choosing one is configuration (``AI_ARTIST_CHART_SOURCE``).
"""

import os
from pathlib import Path

from pydantic import BaseModel

from ai_artist_dagster.providers.charts.base import ChartPull, ChartSource, ChartUnavailableError
from ai_artist_dagster.providers.charts.billboard import BillboardWeeklyReplay
from ai_artist_dagster.providers.charts.live import LiveChartSource
from ai_artist_dagster.providers.charts.spotify_ph import SpotifyPhDailyReplay

CHART_SOURCES: dict[str, type[ChartSource]] = {
    SpotifyPhDailyReplay.name: SpotifyPhDailyReplay,
    BillboardWeeklyReplay.name: BillboardWeeklyReplay,
}
LIVE_SOURCES = ("apple_most_played", "lastfm_top_tracks", "spotify_playlist")


class ChartSourceNotConfigured(Exception):
    """A live source was chosen without its credentials; the caller falls back to a bundled replay."""


class LiveSettings(BaseModel):
    snapshot_dir: Path
    apple_base_url: str = "https://rss.marketingtools.apple.com"
    apple_storefront: str = "us"
    lastfm_base_url: str = "https://ws.audioscrobbler.com"
    genres: list[str] = ["pop", "hip-hop", "rnb", "rock", "electronic", "indie", "latin", "k-pop", "country"]
    spotify_playlist_id: str = ""
    spotify_api_base_url: str = "https://api.spotify.com/v1/"
    spotify_token_url: str = "https://accounts.spotify.com/api/token"


def _live(name: str, s: LiveSettings) -> LiveChartSource:
    if name == "apple_most_played":
        from ai_artist_dagster.providers.charts.apple import AppleMostPlayed

        return AppleMostPlayed(s.snapshot_dir, s.apple_base_url, s.apple_storefront)
    if name == "lastfm_top_tracks":
        from ai_artist_dagster.providers.charts.lastfm import LastfmChart

        if not os.environ.get("LASTFM_API_KEY"):
            raise ChartSourceNotConfigured("LASTFM_API_KEY is not set")
        return LastfmChart(s.snapshot_dir, os.environ["LASTFM_API_KEY"], s.lastfm_base_url, s.genres)
    from ai_artist_dagster.providers.charts.spotify import SpotifyPlaylistChart

    needed = ("SPOTIFY_CLIENT_ID", "SPOTIFY_CLIENT_SECRET", "SPOTIFY_REFRESH_TOKEN")
    missing = [v for v in needed if not os.environ.get(v)] + ([] if s.spotify_playlist_id else ["SPOTIFY_PLAYLIST_ID"])
    if missing:
        raise ChartSourceNotConfigured(f"{', '.join(missing)} not set")
    return SpotifyPlaylistChart(
        s.snapshot_dir,
        client_id=os.environ["SPOTIFY_CLIENT_ID"],
        client_secret=os.environ["SPOTIFY_CLIENT_SECRET"],
        refresh_token=os.environ["SPOTIFY_REFRESH_TOKEN"],
        playlist_id=s.spotify_playlist_id,
        genres=s.genres,
        api_base_url=s.spotify_api_base_url,
        token_url=s.spotify_token_url,
    )


def chart_source(name: str, settings: LiveSettings | None = None) -> ChartSource:
    """The source called ``name``; live ones need ``settings`` (and raise ChartSourceNotConfigured
    without their credentials)."""
    if name in CHART_SOURCES:
        return CHART_SOURCES[name]()
    if name in LIVE_SOURCES and settings is not None:
        return _live(name, settings)
    raise ValueError(
        f"unknown chart source {name!r}; choose one of {sorted([*CHART_SOURCES, *LIVE_SOURCES])} (AI_ARTIST_CHART_SOURCE)"
    )


__all__ = [
    "CHART_SOURCES",
    "LIVE_SOURCES",
    "BillboardWeeklyReplay",
    "ChartPull",
    "ChartSource",
    "ChartSourceNotConfigured",
    "ChartUnavailableError",
    "LiveChartSource",
    "LiveSettings",
    "SpotifyPhDailyReplay",
    "chart_source",
]
