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
    clean,
    features_from_frame,
    validate_rows,
)

# A weekly chart stays "in force" for the 7 days after its issue date; older ones are stale.
MAX_AGE = dt.timedelta(days=7)

if TYPE_CHECKING:  # pandas loads with the first chart read, not with the code location
    import pandas as pd


@cache
def _weekly() -> pd.DataFrame:
    import pandas as pd

    return pd.read_parquet(BUNDLED_CHARTS_DIR / "billboard_hot100_weekly.parquet")


class BillboardWeeklyReplay(ChartSource):
    """Replays the bundled Billboard Hot 100: for a day, the weekly chart in force on that day."""

    name = "billboard_hot100"
    cadence = "weekly"

    def fetch_chart(self, date: dt.date) -> ChartPull:
        weekly = _weekly()
        issued = weekly.loc[weekly["chart_week"] <= date, "chart_week"]
        published = issued.max() if not issued.empty else None
        if published is None or date - published >= MAX_AGE:
            raise ChartUnavailableError(
                f"no Billboard Hot 100 chart in force on {date} (bundled: 1997-01-04 … 2026-08-22, "
                "missing 2021-01-02 … 2021-11-06)."
            )
        week = weekly[weekly["chart_week"] == published]
        rows = (
            {
                "position": int(r.position),
                "title": r.title,
                "performer": r.performer,
                "song_key": f"{r.title}{r.performer}",
                "streams": None,
                "last_position": clean(r.last_week),
            }
            for r in week.itertuples(index=False)
        )
        return validate_rows(self.name, date, published, rows)

    def audio_features(self) -> list[AudioFeatures]:
        import pandas as pd

        feats = pd.read_parquet(BUNDLED_CHARTS_DIR / "billboard_hot100_audio_features.parquet").drop_duplicates(
            "SongID"
        )
        return features_from_frame(
            self.name, feats, key="SongID", genres="artist_genre", duration="spotify_track_duration_ms"
        )
