"""Trend jobs: chart history for a range of days, and the day's cycle (charts → trends → metrics → roster)."""

import dagster as dg

from ai_artist_dagster.lib.partitions import chart_date_partitions

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
