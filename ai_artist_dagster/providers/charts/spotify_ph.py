from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

from ai_artist_dagster.lib.paths import BUNDLED_CHARTS_DIR
from ai_artist_dagster.lib.schemas import AudioFeatures
from ai_artist_dagster.providers.charts.base import (
    ChartPull,
    ChartSource,
    ChartUnavailableError,
    features_from_frame,
    validate_rows,
)

if TYPE_CHECKING:  # pandas loads with the first chart read, not with the code location
    import pandas as pd


@cache
def _charts() -> pd.DataFrame:
    import pandas as pd

    return pd.read_parquet(BUNDLED_CHARTS_DIR / "spotify_ph_daily_charts.parquet")


class SpotifyPhDailyReplay(ChartSource):
    """Replays the bundled Spotify Philippines daily Top 200 (2018-01-01 … 2020-09-15)."""

    name = "spotify_ph_daily"
    cadence = "daily"

    def fetch_chart(self, date: dt.date) -> ChartPull:
        charts = _charts()
        day = charts[charts["date"] == date]
        if day.empty:
            first, last = charts["date"].min(), charts["date"].max()
            raise ChartUnavailableError(
                f"the bundled Spotify PH daily chart covers {first} … {last}; no chart for {date}. "
                "Pick a date in that range or set AI_ARTIST_CHART_SOURCE=billboard_hot100."
            )
        # The previous day's chart gives each song's last position, as a live chart would.
        prev = charts[charts["date"] == date - dt.timedelta(days=1)]
        last_pos = dict(zip(prev["track_id"], prev["position"], strict=True))
        rows = (
            {
                "position": int(r.position),
                "title": r.track_name,
                "performer": r.artist,
                "song_key": r.track_id,
                "streams": int(r.streams),
                "last_position": last_pos.get(r.track_id),
            }
            for r in day.itertuples(index=False)
        )
        return validate_rows(self.name, date, date, rows)

    def audio_features(self) -> list[AudioFeatures]:
        import pandas as pd

        tracks = pd.read_parquet(BUNDLED_CHARTS_DIR / "spotify_ph_tracks.parquet")
        return features_from_frame(self.name, tracks, key="track_id", genres="genres", duration="duration")
