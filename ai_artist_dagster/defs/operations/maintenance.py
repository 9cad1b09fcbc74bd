"""Warehouse upkeep: once a week DuckLake's inlined rows go to Parquet, old snapshots expire, small
files merge and files nothing uses are deleted (lib/maintenance.py); on the DuckDB file, a CHECKPOINT."""

import dagster as dg

from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib.pools import DUCKDB_WRITE


class MaintenanceConfig(dg.Config):
    retain_days: int = 7  # snapshots (time travel) and deleted files are kept this long


@dg.asset(kinds={"duckdb", "ducklake"}, pool=DUCKDB_WRITE)
def warehouse_maintenance(
    context: dg.AssetExecutionContext, config: MaintenanceConfig, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """One maintenance pass over the warehouse, safe beside running cycles. On DuckLake: inlined rows
    flushed to Parquet, snapshots older than `retain_days` expired (time travel stops there), adjacent
    small files merged, files only expired snapshots used and orphaned files deleted once older than
    `retain_days`. On the DuckDB file: CHECKPOINT. Metadata: before and after."""
    import datetime as dt

    from ai_artist_dagster.lib.maintenance import maintain

    wh = warehouse.get()
    done = maintain(wh, dt.timedelta(days=config.retain_days))
    if done.backend == "ducklake":
        context.log.info(
            f"{wh.location}: {done.rows_flushed} inlined rows flushed, {done.snapshots_expired} snapshots expired, "
            f"data files {done.data_files_before} → {done.data_files_after}, {done.files_deleted} files deleted"
        )
    return dg.MaterializeResult(metadata={"warehouse": wh.location, **done.model_dump()})


warehouse_maintenance_job = dg.define_asset_job(
    "warehouse_maintenance_job",
    selection=[warehouse_maintenance],
    description="Weekly warehouse upkeep (DuckLake: flush, expire, merge, clean up; DuckDB file: CHECKPOINT).",
)

warehouse_maintenance_schedule = dg.ScheduleDefinition(
    job=warehouse_maintenance_job,
    cron_schedule="0 4 * * 0",  # Sundays 04:00 UTC, after the daily cycle's night
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
