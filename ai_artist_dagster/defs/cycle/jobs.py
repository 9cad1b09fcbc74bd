"""The jobs the cycle planner requests (cycle_sensor) or `ai-artist run` executes: a new artist's
profile, one artist-day's content, and the release of an approved piece. The graph is split where
partitions change (day → artist → day × artist) and at human review (an approved piece's release is its own run); the planner stitches the parts together."""

import dagster as dg

from ai_artist_dagster.components.approval import approved_check
from ai_artist_dagster.lib.partitions import artist_day_partitions, artist_partitions

artist_profiles_job = dg.define_asset_job(
    "artist_profiles_job",
    selection=dg.AssetSelection.assets("artist_profiles", "content_calendar"),
    partitions_def=artist_partitions,
    description="Write the profile of a new artist and its content calendar.",
)

calendar_job = dg.define_asset_job(
    "calendar_job",
    selection=dg.AssetSelection.assets("content_calendar"),
    partitions_def=artist_partitions,
    description="Rebuild an artist's content calendar (after its profile evolved).",
)

# The review gate (defs/review/defs.yaml) holds releases with its blocking `approved` check: the
# release job runs that check first and skips releases and deliveries unless the piece is approved.
APPROVED = approved_check("review_requests")

content_job = dg.define_asset_job(
    "content_job",
    selection=dg.AssetSelection.groups("content") | dg.AssetSelection.assets("review_requests").without_checks(),
    partitions_def=artist_day_partitions,
    description="One artist-day: lyrics → track → video → reflection → review request (or autopilot approval).",
)

release_job = dg.define_asset_job(
    "release_job",
    selection=dg.AssetSelection.checks(APPROVED) | dg.AssetSelection.assets("releases", "deliveries", "social_posts"),
    partitions_def=artist_day_partitions,
    description="Package an approved piece as a DDEX release, check it at the pre-delivery gate, deliver it "
    "(outbox or SFTP) and post its teaser (social outbox); held by the review gate's `approved` check.",
)

social_job = dg.define_asset_job(
    "social_job",
    selection=dg.AssetSelection.assets("social_posts"),
    partitions_def=artist_day_partitions,
    description="Send a release's teaser posts whose time (or the platform's quota window) has come.",
)
