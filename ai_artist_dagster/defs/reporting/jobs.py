"""The reporting job."""

import dagster as dg

reporting_job = dg.define_asset_job(
    "reporting_job",
    selection=dg.AssetSelection.groups("reporting"),
    description="Rebuild the reports (writer spend per day, artist and provider).",
)
