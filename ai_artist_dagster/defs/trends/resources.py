"""The chart source resource: which chart feeds the trend assets. Configured from the environment in defs/resources.py."""

from typing import TYPE_CHECKING

import dagster as dg

from ai_artist_dagster.lib import paths
from ai_artist_dagster.lib.partitions import DEFAULT_CHART_SOURCE

# Providers are imported when a run needs them, so loading the code location stays fast.
if TYPE_CHECKING:
    from ai_artist_dagster.providers.charts import ChartSource


class ChartSourceResource(dg.ConfigurableResource):
    """Which chart feeds `chart_entries`: the bundled replays spotify_ph_daily (default) and
    billboard_hot100, or a live source — apple_most_played, lastfm_top_tracks (LASTFM_API_KEY),
    spotify_playlist (SPOTIFY_CLIENT_ID/SECRET/REFRESH_TOKEN + a playlist you own). ``genres`` are the Last.fm tags / Spotify
    search genres that label the chart's songs. A live source without its
    credentials falls back to ``fallback`` with a warning."""

    source: str = DEFAULT_CHART_SOURCE
    fallback: str = DEFAULT_CHART_SOURCE
    apple_base_url: str = "https://rss.marketingtools.apple.com"
    apple_storefront: str = "us"
    lastfm_base_url: str = "https://ws.audioscrobbler.com"
    genres: str = "pop,hip-hop,rnb,rock,electronic,indie,latin,k-pop,country"
    spotify_playlist_id: str = ""
    spotify_api_base_url: str = "https://api.spotify.com/v1/"
    spotify_token_url: str = "https://accounts.spotify.com/api/token"
    data_dir: str | None = None

    def get(self) -> "ChartSource":
        from ai_artist_dagster.providers.charts import ChartSourceNotConfigured, LiveSettings, chart_source

        settings = LiveSettings(
            snapshot_dir=paths.data_dir(self.data_dir) / "charts" / "live",
            apple_base_url=self.apple_base_url,
            apple_storefront=self.apple_storefront,
            lastfm_base_url=self.lastfm_base_url,
            genres=[g.strip() for g in self.genres.split(",") if g.strip()],
            spotify_playlist_id=self.spotify_playlist_id,
            spotify_api_base_url=self.spotify_api_base_url,
            spotify_token_url=self.spotify_token_url,
        )
        try:
            return chart_source(self.source, settings)
        except ChartSourceNotConfigured as exc:
            dg.get_dagster_logger().warning(
                f"chart source {self.source} is not configured ({exc}); using the bundled {self.fallback} replay"
            )
            return chart_source(self.fallback)
