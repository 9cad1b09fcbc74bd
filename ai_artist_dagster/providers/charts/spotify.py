"""Spotify through spotipy: a playlist you own as the chart, genres from search.

What the Web API still allows a new app (checked against the 2026 OpenAPI description): playlist
items only for playlists the user owns or collaborates on (so a user token, from a refresh token),
search with a `genre:` filter at ≤ 10 results a page. Editorial playlists (37i9…), audio
features, the several-artists endpoint, artist genres and popularity are closed or deprecated.

spotipy's own retries would sleep through a long Retry-After; they are off here: a 429 or an
error fails the pull at once with a clear message (the chart-pull sensor tries again next tick).
"""

from __future__ import annotations

import base64

from ai_artist_dagster.providers.charts.live import ChartFetchError, LiveChart, LiveChartSource
from ai_artist_dagster.providers.log_redaction import redact_in_logs

SEARCH_PAGE = 10  # the API's maximum for search
SEARCH_PAGES = 3
ITEMS_PAGE = 50
MAX_ENTRIES = 200


class SpotifyPlaylistChart(LiveChartSource):
    name = "spotify_playlist"

    def __init__(
        self,
        snapshot_dir,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        playlist_id: str,
        genres: list[str],
        api_base_url: str = "https://api.spotify.com/v1/",
        token_url: str = "https://accounts.spotify.com/api/token",
        timeout_s: float = 10,
        **kw,
    ):
        super().__init__(snapshot_dir, **kw)
        if playlist_id.startswith("37i9"):
            raise ValueError(
                f"playlist {playlist_id} is a Spotify editorial playlist, closed to new apps; use a playlist you own"
            )
        self.playlist_id, self.genres = playlist_id, genres
        self._auth = (client_id, client_secret, refresh_token, token_url)
        # spotipy logs token requests at DEBUG: the Basic header (id:secret) and the refresh token
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        for secret in (client_secret, refresh_token, basic):
            redact_in_logs(secret)
        self.api_base_url, self.timeout_s = api_base_url, timeout_s

    def _client(self):
        import spotipy
        from spotipy.cache_handler import MemoryCacheHandler
        from spotipy.oauth2 import SpotifyOAuth

        client_id, secret, refresh_token, token_url = self._auth
        oauth = SpotifyOAuth(
            client_id=client_id,
            client_secret=secret,
            redirect_uri="http://127.0.0.1:8888/callback",
            cache_handler=MemoryCacheHandler(),
            requests_timeout=self.timeout_s,
            open_browser=False,
        )
        oauth.OAUTH_TOKEN_URL = token_url
        token = self._guard("token refresh", lambda: oauth.refresh_access_token(refresh_token))
        client = spotipy.Spotify(
            auth=token["access_token"], requests_timeout=self.timeout_s, retries=0, status_retries=0
        )
        client.prefix = self.api_base_url.rstrip("/") + "/"
        return client

    @staticmethod
    def _guard(what: str, call):
        from spotipy.exceptions import SpotifyException
        from spotipy.oauth2 import SpotifyOauthError

        try:
            return call()
        except SpotifyException as exc:
            wait = (exc.headers or {}).get("Retry-After")
            raise ChartFetchError(
                f"Spotify {what}: HTTP {exc.http_status}" + (f" (retry after {wait} s)" if wait else "")
            ) from None
        except SpotifyOauthError as exc:
            raise ChartFetchError(f"Spotify {what}: authentication refused ({exc.error})") from None
        except Exception as exc:  # requests' connection errors and timeouts
            raise ChartFetchError(f"Spotify {what}: {type(exc).__name__}") from None

    def marker(self) -> str:
        client = self._client()
        return self._guard("playlist", lambda: client.playlist(self.playlist_id, fields="snapshot_id"))["snapshot_id"]

    def _items(self, client) -> list[dict]:
        tracks: list[dict] = []
        offset = 0
        fields = "items(item(id,name,artists(name)),track(id,name,artists(name))),next"
        while len(tracks) < MAX_ENTRIES:
            page = self._guard(
                "playlist items",
                lambda o=offset: client.playlist_items(self.playlist_id, fields=fields, limit=ITEMS_PAGE, offset=o),
            )
            for entry in page.get("items", []):
                track = entry.get("item") or entry.get("track")  # `track` is the deprecated name
                if track and track.get("id"):
                    tracks.append(track)
            if not page.get("next"):
                break
            offset += ITEMS_PAGE
        return tracks[:MAX_ENTRIES]

    def _genre_members(self, client) -> dict[str, list[str]]:
        members: dict[str, list[str]] = {}
        for genre in self.genres:
            for page in range(SEARCH_PAGES):
                found = self._guard(
                    f"search genre:{genre}",
                    lambda g=genre, p=page: client.search(
                        q=f'genre:"{g}"', type="track", limit=SEARCH_PAGE, offset=p * SEARCH_PAGE
                    ),
                )
                for track in found.get("tracks", {}).get("items", []):
                    members.setdefault(track["id"], []).append(genre)
        return members

    def pull(self) -> LiveChart:
        client = self._client()
        snapshot = self._guard("playlist", lambda: client.playlist(self.playlist_id, fields="snapshot_id"))
        tracks = self._items(client)
        members = self._genre_members(client)
        rows = [
            {
                "position": position,
                "title": t["name"],
                "performer": ", ".join(a["name"] for a in t.get("artists", [])) or "unknown",
                "song_key": f"spotify:{t['id']}",
            }
            for position, t in enumerate(tracks, start=1)
        ]
        genres = {f"spotify:{t['id']}": sorted(set(members.get(t["id"], []))) for t in tracks}
        return LiveChart(
            source=self.name, published=self.today(), marker=snapshot["snapshot_id"], rows=rows, genres=genres
        )
