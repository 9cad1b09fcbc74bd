from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from ai_artist_dagster.lib.schemas import AudioFeatures, ChartEntry

if TYPE_CHECKING:  # pandas loads with the first chart read, not with the code location
    import pandas as pd


class ChartUnavailableError(Exception):
    """The source has no chart for the requested date."""


class ChartPull(BaseModel):
    """A chart as pulled: the valid entries and every rejected row with its reason."""

    source: str
    chart_date: dt.date
    published_date: dt.date
    entries: list[ChartEntry]
    rejected: list[dict[str, str]]


class ChartSource(ABC):
    name: str
    cadence: str

    @abstractmethod
    def fetch_chart(self, date: dt.date) -> ChartPull:
        """The chart in force on ``date`` (raises ChartUnavailableError when there is none)."""

    @abstractmethod
    def audio_features(self) -> list[AudioFeatures]:
        """Audio features and genres for the songs this source charts (may be empty)."""


def validate_rows(source: str, chart_date: dt.date, published: dt.date, rows: Iterable[Mapping[str, Any]]) -> ChartPull:
    """Turn raw rows into ChartEntry models; keep the bad ones with their errors, never drop silently."""
    entries: list[ChartEntry] = []
    rejected: list[dict[str, str]] = []
    for row in rows:
        try:
            entries.append(ChartEntry(chart_date=chart_date, source=source, **row))
        except ValidationError as exc:
            rejected.append({"row": repr(dict(row))[:300], "error": exc.errors()[0]["msg"]})
    return ChartPull(source=source, chart_date=chart_date, published_date=published, entries=entries, rejected=rejected)


def clean(value: Any) -> Any:
    """pandas NA/NaN -> None; numpy scalars -> Python scalars."""
    import pandas as pd

    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def features_from_frame(
    source: str, frame: pd.DataFrame, *, key: str, genres: str, duration: str
) -> list[AudioFeatures]:
    """AudioFeatures from a bundled table whose song key, genre and duration columns are named as given."""
    return [
        AudioFeatures(
            source=source,
            song_key=row[key],
            genres=list(row[genres]) if row[genres] is not None else [],
            tempo=clean(row["tempo"]),
            key=clean(row["key"]),
            mode=clean(row["mode"]),
            energy=clean(row["energy"]),
            valence=clean(row["valence"]),
            danceability=clean(row["danceability"]),
            duration_ms=clean(row[duration]),
        )
        for row in frame.to_dict("records")
    ]
