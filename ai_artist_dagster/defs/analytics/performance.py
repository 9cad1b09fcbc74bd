"""Distributor performance reports: an inbox sensor and the `performance_import` asset."""

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import dagster as dg

from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource
from ai_artist_dagster.lib import markdown
from ai_artist_dagster.lib.paths import performance_inbox
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.warehouse import insert_rows, now

REPORT_SUFFIXES = {".csv", ".tsv", ".txt"}


class PerformanceImportConfig(dg.Config):
    """The report file (CSV or TSV) to import."""

    path: str


@dg.asset(kinds={"duckdb", "csv"}, pool=DUCKDB_WRITE)
def performance_import(
    context: dg.AssetExecutionContext,
    config: PerformanceImportConfig,
    warehouse: WarehouseResource,
    storage: StorageResource,
) -> dg.MaterializeResult:
    """One distributor sales/streams report into `performance` (rows matched to releases by ISRC,
    else UPC), `performance_rejects` (every bad row with its line and reason) and
    `performance_imports`. Idempotent by content: the same report twice, even renamed, imports
    once. An imported file moves to the inbox's `processed/` folder."""
    from ai_artist_dagster.domain.errors import redact, secret_values
    from ai_artist_dagster.domain.performance import ReportError, parse_report

    path = Path(config.path)
    if path.is_symlink() or path.resolve().parent != performance_inbox(storage.root).resolve():
        raise dg.Failure(
            f"performance_import: {path.name} is not a file in the inbox ({performance_inbox(storage.root)}); "
            "reports are read only from there, never through a link",
            allow_retries=False,
        )
    if not path.is_file():
        raise dg.Failure(f"performance_import: no file at {path} (was it moved or renamed?)")
    data = path.read_bytes()
    secrets = secret_values()
    try:
        report = parse_report(data, secrets)
    except ReportError as exc:  # its words may quote the file's first line: never a secret, here or in its cause
        said = redact(str(exc), secrets)
        raise dg.Failure(
            f"performance_import {path.name}: {said}. Nothing was imported; the file stays in the inbox."
        ) from type(exc)(said)
    wh = warehouse.get()
    if wh.query("SELECT 1 FROM performance_imports WHERE report_id = ?", [report.report_id]):
        context.log.info(f"{path.name}: report {report.report_id} already imported; nothing to do")
        _archive(path)
        return dg.MaterializeResult(
            metadata={"file": path.name, "report_id": report.report_id, "already_imported": True}
        )
    releases = wh.query("SELECT release_id, artist_id, piece_id, isrc, upc FROM releases")
    by_isrc = {r["isrc"]: r for r in releases if r["isrc"]}
    by_upc = {r["upc"]: r for r in releases if r["upc"]}
    stamp, rows = now(), []
    for number, row in report.rows:
        match = by_isrc.get(row.isrc) or by_upc.get(row.upc) or {}
        rows.append(
            {
                "report_id": report.report_id,
                "row_number": number,
                "format": report.format,
                **row.model_dump(),
                "release_id": match.get("release_id"),
                "artist_id": match.get("artist_id"),
                "piece_id": match.get("piece_id"),
                "imported_at": stamp,
            }
        )
    matched = sum(1 for r in rows if r["release_id"])
    with wh.write() as con:
        insert_rows(con, "performance", rows)
        insert_rows(
            con,
            "performance_rejects",
            [
                {
                    "report_id": report.report_id,
                    "file_name": path.name,
                    **r.model_dump(),
                    "imported_at": stamp,
                }
                for r in report.rejects
            ],
        )
        insert_rows(
            con,
            "performance_imports",
            [
                {
                    "report_id": report.report_id,
                    "file_name": path.name,
                    "format": report.format,
                    "rows": len(rows),
                    "rejected": len(report.rejects),
                    "matched": matched,
                    "imported_at": stamp,
                }
            ],
        )
    if report.rejects:
        context.log.warning(f"{path.name}: {len(report.rejects)} rows rejected (table performance_rejects)")
    _archive(path)
    stores: dict[str, list[float]] = {}
    for r in rows:
        totals = stores.setdefault(r["store"], [0, 0.0])
        totals[0] += r["quantity"]
        totals[1] += r["revenue_usd"]
    return dg.MaterializeResult(
        metadata={
            "file": path.name,
            "report_id": report.report_id,
            "format": report.format,
            "dagster/row_count": len(rows),
            "rejected": len(report.rejects),
            "matched_to_releases": matched,
            "by_store": dg.MetadataValue.md(
                markdown.table(
                    ["store", "quantity", "USD"],
                    [(s, f"{q:,.0f}", f"{usd:.2f}") for s, (q, usd) in sorted(stores.items())],
                )
            ),
            "rejects": dg.MetadataValue.md(
                markdown.table(["line", "error"], [(r.row_number, r.error) for r in report.rejects[:20]])
                if report.rejects
                else "none"
            ),
        }
    )


def _archive(path: Path) -> None:
    done = path.parent / "processed"
    done.mkdir(exist_ok=True)
    shutil.move(str(path), done / path.name)


performance_import_job = dg.define_asset_job(
    "performance_import_job",
    selection=dg.AssetSelection.assets("performance_import"),
    description="Import one distributor report (requested by performance_inbox_sensor).",
)


@dg.sensor(job=performance_import_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def performance_inbox_sensor(context: dg.SensorEvaluationContext, storage: StorageResource):
    """Requests one import per new report in the inbox (`$AI_ARTIST_DATA_DIR/inbox/performance`);
    a report is imported once whatever its name (the import is idempotent by content hash)."""
    from ai_artist_dagster.domain.performance import report_id

    files = waiting_reports(storage.root, context.log.warning)
    if not files:
        yield dg.SkipReason(f"no reports in {performance_inbox(storage.root)}")
        return
    for path in files:
        # A file that failed stays in the inbox under the same key; changing it (or touching it to
        # retry) makes a new key. Importing stays idempotent by content whatever the key.
        yield dg.RunRequest(
            run_key=f"performance:{report_id(path.read_bytes())}:{path.stat().st_mtime_ns}",
            run_config=import_run_config(path),
            tags={"ai_artist/report": path.name},
        )


QUARANTINE = "quarantine"


def waiting_reports(root: Path, log: Callable[[str], None] = lambda _: None) -> list[Path]:
    """Report files waiting in the inbox under ``root`` (oldest name first). What cannot safely be
    read moves to the inbox's `quarantine/` folder with a note of why, and is said once through
    ``log``: a link (the inbox followed one to a key file and echoed its first line into an error),
    anything that is not a regular file, a name that is not UTF-8 (it failed the inbox sensor 39
    times in 40 minutes and blocked every report sorting after it)."""
    inbox = performance_inbox(root)
    if not inbox.exists():
        return []
    reports = []
    for entry in os.scandir(inbox):
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            continue  # processed/, quarantine/
        why = _unsafe(entry)
        if why:
            log(f"performance inbox: {_quarantine(inbox, path, why)}")
        elif path.suffix.lower() in REPORT_SUFFIXES:
            reports.append(path)
    return sorted(reports)


def _unsafe(entry: os.DirEntry) -> str | None:
    if entry.is_symlink():
        return "a link (reports are read only as files in the inbox itself)"
    if not entry.is_file(follow_symlinks=False):
        return "not a regular file"
    try:
        entry.name.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not UTF-8 text"
    return None


def _quarantine(inbox: Path, path: Path, why: str) -> str:
    """Move the entry itself (a link, never its target) out of the way, under a printable name."""
    folder = inbox / QUARANTINE
    folder.mkdir(exist_ok=True)
    shown = os.fsencode(path.name).decode("utf-8", "backslashreplace")
    target = folder / shown
    os.rename(os.fsencode(path), os.fsencode(target))
    (folder / f"{shown}.why.txt").write_text(why + "\n")
    return f"{shown!r} moved to {folder}: {why}"


def import_run_config(path: Path) -> dict:
    return {"ops": {"performance_import": {"config": {"path": str(path)}}}}
