"""Live chart sources: a chart exists only on the day it is pulled, so every pull is kept as a
snapshot (JSON under ``snapshot_dir``) and later re-materializations read the snapshot.

A source's ``marker`` (feed timestamp, playlist snapshot id, or a hash of the list) tells the
chart-pull sensor whether there is a new chart since its last tick.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from abc import abstractmethod
from pathlib import Path

from pydantic import BaseModel

from ai_artist_dagster.lib.files import atomic_write_text
from ai_artist_dagster.lib.schemas import AudioFeatures
from ai_artist_dagster.providers.charts.base import ChartPull, ChartSource, ChartUnavailableError, validate_rows


class LiveChart(BaseModel):
    """One pull of a live chart: rows as ChartEntry fields, genres per song, and the source's marker."""

    source: str
    published: dt.date
    marker: str
    rows: list[dict]
    genres: dict[str, list[str]]


class ChartFetchError(ChartUnavailableError):
    """The live source could not be reached or answered with an error."""


def list_marker(rows: list[dict]) -> str:
    """A marker for sources without a publication stamp: the hash of the ordered song list."""
    keys = "|".join(str(r["song_key"]) for r in rows)
    return hashlib.sha256(keys.encode()).hexdigest()[:16]


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


class LiveChartSource(ChartSource):
    cadence = "daily"

    def __init__(self, snapshot_dir: Path) -> None:
        self.snapshot_dir = Path(snapshot_dir) / self.name

    def today(self) -> dt.date:
        """The day a pull is filed under (UTC)."""
        return utc_today()

    @abstractmethod
    def pull(self) -> LiveChart:
        """The chart as the source publishes it now (network)."""

    def checked_pull(self) -> LiveChart:
        """``pull()``, with an answer in an unexpected shape reported as a ChartFetchError."""
        try:
            return self.pull()
        except ChartUnavailableError:
            raise
        except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:  # incl. pydantic's
            raise ChartFetchError(
                f"{self.name}: the answer is not in the shape this project reads ({type(exc).__name__}: "
                f"{str(exc)[:200]}); the service's API may have changed. Nothing was stored; the bundled "
                "replays (AI_ARTIST_CHART_SOURCE=spotify_ph_daily) still work."
            ) from exc

    def marker(self) -> str:
        """Identifies the current chart (for the chart-pull sensor); may be cheaper than a pull."""
        return self.checked_pull().marker

    def _snapshot(self, date: dt.date) -> Path:
        return self.snapshot_dir / f"{date.isoformat()}.json"

    def fetch_chart(self, date: dt.date) -> ChartPull:
        path = self._snapshot(date)
        if path.exists():
            chart = LiveChart.model_validate_json(path.read_text())
        elif date == self.today():
            chart = self.checked_pull()
            atomic_write_text(path, chart.model_dump_json())
        else:
            raise ChartUnavailableError(
                f"{self.name} is a live chart: only today's ({self.today()}) can be pulled, and no snapshot "
                f"of {date} was kept in {self.snapshot_dir}. Use a date it was pulled on, or the bundled replay."
            )
        return validate_rows(self.name, date, chart.published, chart.rows)

    def audio_features(self) -> list[AudioFeatures]:
        """Genres of every song in the kept snapshots (live sources have no tempo/key/mood features)."""
        genres: dict[str, set[str]] = {}
        for path in sorted(self.snapshot_dir.glob("*.json")) if self.snapshot_dir.exists() else []:
            chart = json.loads(path.read_text())
            for key, names in chart["genres"].items():
                genres.setdefault(key, set()).update(names)
        return [AudioFeatures(source=self.name, song_key=k, genres=sorted(v)) for k, v in sorted(genres.items())]
