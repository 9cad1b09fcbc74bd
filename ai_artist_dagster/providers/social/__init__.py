"""Where teaser posts go: a social outbox folder holding the exact API requests (default), or the
platforms' official APIs (YouTube Data API v3, TikTok Content Posting API, Instagram Graph API)."""

from ai_artist_dagster.providers.social.base import SocialError, SocialReceipt, SocialTarget
from ai_artist_dagster.providers.social.instagram import InstagramTarget
from ai_artist_dagster.providers.social.outbox import SocialOutbox
from ai_artist_dagster.providers.social.tiktok import TikTokTarget
from ai_artist_dagster.providers.social.youtube import YouTubeTarget

__all__ = [
    "InstagramTarget",
    "SocialError",
    "SocialOutbox",
    "SocialReceipt",
    "SocialTarget",
    "TikTokTarget",
    "YouTubeTarget",
]
