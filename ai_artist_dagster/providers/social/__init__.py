"""Where teaser posts go: a social outbox folder holding the exact API requests (default)."""

from ai_artist_dagster.providers.social.base import SocialReceipt, SocialTarget
from ai_artist_dagster.providers.social.outbox import SocialOutbox

__all__ = ["SocialOutbox", "SocialReceipt", "SocialTarget"]
