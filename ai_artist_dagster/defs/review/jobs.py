"""The review decision job (requested by the Telegram review sensor)."""

import dagster as dg

from ai_artist_dagster.lib.partitions import artist_day_partitions

review_decision_job = dg.define_asset_job(
    "review_decision_job",
    selection=dg.AssetSelection.assets("review_decision"),
    partitions_def=artist_day_partitions,
    description="Record one reviewer decision from Telegram (requested by telegram_review_sensor).",
)
