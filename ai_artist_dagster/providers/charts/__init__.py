"""Chart sources: where chart entries and audio features come from.

Offline defaults replay the bundled real charts (data/charts); live sources plug in behind the
same interface. Choosing one is configuration (``AI_ARTIST_CHART_SOURCE``).
"""

from ai_artist_dagster.providers.charts.base import ChartPull, ChartSource, ChartUnavailableError
from ai_artist_dagster.providers.charts.billboard import BillboardWeeklyReplay
from ai_artist_dagster.providers.charts.spotify_ph import SpotifyPhDailyReplay

CHART_SOURCES: dict[str, type[ChartSource]] = {
    SpotifyPhDailyReplay.name: SpotifyPhDailyReplay,
    BillboardWeeklyReplay.name: BillboardWeeklyReplay,
}


def chart_source(name: str) -> ChartSource:
    try:
        return CHART_SOURCES[name]()
    except KeyError:
        raise ValueError(
            f"unknown chart source {name!r}; choose one of {sorted(CHART_SOURCES)} (AI_ARTIST_CHART_SOURCE)"
        ) from None


__all__ = [
    "CHART_SOURCES",
    "BillboardWeeklyReplay",
    "ChartPull",
    "ChartSource",
    "ChartUnavailableError",
    "SpotifyPhDailyReplay",
    "chart_source",
]
