"""Routine upkeep of the warehouse, run by the weekly `warehouse_maintenance` asset.

DuckLake keeps every small commit's rows inlined in its catalog (PostgreSQL) and every snapshot
forever, so with many workers the catalog grows by a row set per commit and old Parquet files are
never removed (docs/deployment.md, capacity). Maintenance, in DuckLake's recommended order: flush
the inlined rows into Parquet, expire snapshots older than the retention, merge adjacent small
files, then delete the files that only expired snapshots used and any orphaned file, once older
than the retention. On the DuckDB file it is a CHECKPOINT (the write-ahead log folded into the
file). Both take concurrent writers: a DuckLake commit that conflicts is retried by its step.
"""

from __future__ import annotations

import datetime as dt

import duckdb
from pydantic import BaseModel

from ai_artist_dagster.lib.lake import ALIAS
from ai_artist_dagster.lib.warehouse import Warehouse

META = f"__ducklake_metadata_{ALIAS}"  # the catalog's own tables, as DuckLake attaches them


class Upkeep(BaseModel):
    """What one maintenance pass did."""

    backend: str  # "ducklake" or "duckdb"
    snapshots_before: int = 0
    snapshots_after: int = 0
    data_files_before: int = 0
    data_files_after: int = 0
    rows_flushed: int = 0  # inlined rows written out to Parquet
    snapshots_expired: int = 0
    files_deleted: int = 0
    file_mb_before: float = 0.0  # the DuckDB file
    file_mb_after: float = 0.0


def maintain(wh: Warehouse, retain: dt.timedelta) -> Upkeep:
    """One pass over ``wh``; nothing younger than ``retain`` is expired or deleted."""
    if wh.lake is None:
        size = wh.path.stat().st_size if wh.path.exists() else 0
        with wh.maintenance() as con:
            con.execute("CHECKPOINT")
        return Upkeep(
            backend="duckdb",
            file_mb_before=round(size / 1e6, 2),
            file_mb_after=round(wh.path.stat().st_size / 1e6, 2),
        )
    cutoff = dt.datetime.now(dt.UTC) - retain
    with wh.maintenance() as con:
        before = _counts(con)
        flushed = con.execute(f"CALL ducklake_flush_inlined_data('{ALIAS}')").fetchall()
        expired = con.execute(f"CALL ducklake_expire_snapshots('{ALIAS}', older_than => ?)", [cutoff]).fetchall()
        con.execute(f"CALL ducklake_merge_adjacent_files('{ALIAS}')").fetchall()
        old = con.execute(f"CALL ducklake_cleanup_old_files('{ALIAS}', older_than => ?)", [cutoff]).fetchall()
        orphans = con.execute(f"CALL ducklake_delete_orphaned_files('{ALIAS}', older_than => ?)", [cutoff]).fetchall()
        after = _counts(con)
    return Upkeep(
        backend="ducklake",
        snapshots_before=before[0],
        snapshots_after=after[0],
        data_files_before=before[1],
        data_files_after=after[1],
        rows_flushed=sum(int(row[-1]) for row in flushed),
        snapshots_expired=len(expired),
        files_deleted=len(old) + len(orphans),
    )


def _counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(snapshots, live data files) of the lake."""
    snapshots = con.execute(f"SELECT count(*) FROM ducklake_snapshots('{ALIAS}')").fetchone()
    files = con.execute(f"SELECT count(*) FROM {META}.ducklake_data_file WHERE end_snapshot IS NULL").fetchone()
    return int(snapshots[0]) if snapshots else 0, int(files[0]) if files else 0
