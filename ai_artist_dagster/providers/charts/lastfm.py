"""Last.fm: the global top-tracks chart, with genres from the tags' top tracks (API key needed)."""

from __future__ import annotations

import httpx

from ai_artist_dagster.providers.charts.live import ChartFetchError, LiveChart, LiveChartSource, list_marker
from ai_artist_dagster.providers.log_redaction import redact_in_logs


def _song_key(artist: str, title: str) -> str:
    return f"lastfm:{artist.strip().lower()}|{title.strip().lower()}"


class LastfmChart(LiveChartSource):
    name = "lastfm_top_tracks"

    def __init__(
        self, snapshot_dir, api_key: str, base_url: str, tags: list[str], limit: int = 100, timeout_s: float = 20, **kw
    ):
        super().__init__(snapshot_dir, **kw)
        self.api_key, self.base_url, self.tags, self.limit, self.timeout_s = api_key, base_url, tags, limit, timeout_s
        redact_in_logs(api_key)  # the key travels in the query string, which httpx logs

    def _call(self, method: str, **params) -> dict:
        query = {"method": method, "api_key": self.api_key, "format": "json", "limit": self.limit, **params}
        try:
            response = httpx.get(f"{self.base_url.rstrip('/')}/2.0/", params=query, timeout=self.timeout_s)
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ChartFetchError(f"Last.fm {method}: {type(exc).__name__}") from exc
        if "error" in body or response.status_code >= 400:
            # Last.fm reports errors in the body: 10 invalid key, 29 rate limit, 11/16 temporary
            raise ChartFetchError(f"Last.fm {method}: error {body.get('error')} {body.get('message', '')}".strip())
        return body

    def pull(self) -> LiveChart:
        chart = self._call("chart.gettoptracks")["tracks"]["track"]
        rows = []
        for position, track in enumerate(chart, start=1):
            artist = track["artist"]["name"]
            rows.append(
                {
                    "position": position,
                    "title": track["name"],
                    "performer": artist,
                    "song_key": _song_key(artist, track["name"]),
                }
            )
        genres: dict[str, list[str]] = {r["song_key"]: [] for r in rows}
        for tag in self.tags:
            for track in self._call("tag.gettoptracks", tag=tag)["tracks"]["track"]:
                key = _song_key(track["artist"]["name"], track["name"])
                if key in genres:
                    genres[key].append(tag)
        return LiveChart(source=self.name, published=self.today(), marker=list_marker(rows), rows=rows, genres=genres)
