"""Jobs of the daily cycle. The graph is split where partitions change (day → artist → day×artist)
and at human review; the cycle sensor stitches the parts together."""

import dagster as dg

from ai_artist_dagster.lib.partitions import (
    artist_day_partitions,
    artist_partitions,
    chart_date_partitions,
)

chart_history_job = dg.define_asset_job(
    "chart_history_job",
    selection=dg.AssetSelection.assets("chart_entries"),
    partitions_def=chart_date_partitions,
    description="Load chart entries for a range of days (momentum needs the week before a date).",
)

daily_cycle_job = dg.define_asset_job(
    "daily_cycle_job",
    selection=dg.AssetSelection.groups("trends")
    | dg.AssetSelection.assets("artist_metrics", "variant_stats", "artist_evolution", "artist_roster"),
    partitions_def=chart_date_partitions,
    description="Charts → dbt trend models → trend report → metrics, arm posteriors, profile evolution → "
    "roster (lifecycle and today's artists).",
)

artist_profiles_job = dg.define_asset_job(
    "artist_profiles_job",
    selection=dg.AssetSelection.assets("artist_profiles"),
    partitions_def=artist_partitions,
    description="Write the profile of a new artist.",
)

content_job = dg.define_asset_job(
    "content_job",
    selection=dg.AssetSelection.groups("content", "review", "releases") - dg.AssetSelection.assets("review_decision"),
    partitions_def=artist_day_partitions,
    description="One artist-day: lyrics → track → video → reflection → review request → release (if approved).",
)

release_job = dg.define_asset_job(
    "release_job",
    selection=dg.AssetSelection.assets("releases", "deliveries"),
    partitions_def=artist_day_partitions,
    description="Package an approved piece as a DDEX release and deliver it (outbox or SFTP).",
)

review_decision_job = dg.define_asset_job(
    "review_decision_job",
    selection=dg.AssetSelection.assets("review_decision"),
    partitions_def=artist_day_partitions,
    description="Record one reviewer decision from Telegram (requested by telegram_review_sensor).",
)

reporting_job = dg.define_asset_job(
    "reporting_job",
    selection=dg.AssetSelection.groups("reporting"),
    description="Rebuild the reports (writer spend per day, artist and provider).",
)
