"""Apple Music's most-played songs feed (Apple Marketing Tools RSS; no key needed)."""

from __future__ import annotations

import datetime as dt

import httpx

from ai_artist_dagster.providers.charts.live import ChartFetchError, LiveChart, LiveChartSource

IGNORED_GENRES = {"music"}


class AppleMostPlayed(LiveChartSource):
    name = "apple_most_played"

    def __init__(
        self, snapshot_dir, base_url: str, storefront: str = "us", limit: int = 100, timeout_s: float = 20, **kw
    ):
        super().__init__(snapshot_dir, **kw)
        self.url = f"{base_url.rstrip('/')}/api/v2/{storefront}/music/most-played/{limit}/songs.json"
        self.timeout_s = timeout_s

    def _feed(self) -> dict:
        try:
            response = httpx.get(self.url, timeout=self.timeout_s, follow_redirects=True)
            response.raise_for_status()
            return response.json()["feed"]
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            raise ChartFetchError(f"Apple Music feed {self.url}: {type(exc).__name__}: {exc}") from exc

    def pull(self) -> LiveChart:
        feed = self._feed()
        rows, genres = [], {}
        for position, song in enumerate(feed.get("results", []), start=1):
            key = f"apple:{song.get('id')}"
            rows.append(
                {"position": position, "title": song.get("name"), "performer": song.get("artistName"), "song_key": key}
            )
            names = [g.get("name", "").lower() for g in song.get("genres", [])]
            genres[key] = [n for n in names if n and n not in IGNORED_GENRES]
        updated = feed.get("updated", "")
        published = dt.date.fromisoformat(updated[:10]) if updated[:10] else self.today()
        return LiveChart(
            source=self.name, published=published, marker=updated or str(published), rows=rows, genres=genres
        )
