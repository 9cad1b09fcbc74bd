"""`deliveries`: each release delivered once to the configured target (outbox or SFTP)."""

from pathlib import Path

import dagster as dg

from ai_artist_dagster.defs.io import PIECE_IO_MANAGER
from ai_artist_dagster.defs.releases.resources import DeliveryResource
from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib import records
from ai_artist_dagster.lib.partitions import artist_day_partitions, split_artist_day
from ai_artist_dagster.lib.schemas import ReleaseRecord
from ai_artist_dagster.lib.warehouse import now, replace_rows


@dg.asset(
    kinds={"sftp"},
    partitions_def=artist_day_partitions,
    ins={"releases": dg.AssetIn(input_manager_key=PIECE_IO_MANAGER)},
)
def deliveries(
    context: dg.AssetExecutionContext, releases: ReleaseRecord, delivery: DeliveryResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The piece's release delivered in DDEX batch choreography — a batch folder, the release
    under its UPC, `BatchComplete_<batch>.xml` last — to the distributor's SFTP server or the local
    outbox. The batch id is recorded before uploading, so a retry resumes the same batch, and a
    batch with its marker is never sent twice."""
    from ai_artist_dagster.providers.delivery import DeliveryError, new_batch_id

    date, artist_id = split_artist_day(context)
    pid = records.piece_id(date, artist_id)
    wh = warehouse.get()
    release_id, folder, manifest = releases.release_id, Path(releases.path), releases.manifest
    target = delivery.target()
    label = target.label
    known = wh.query(
        "SELECT batch_id, status, delivered_at FROM deliveries WHERE release_id = ? AND target = ?", [release_id, label]
    )
    batch_id = known[0]["batch_id"] if known else new_batch_id()
    key = {"release_id": release_id, "target": label}

    def record(status: str, **fields) -> None:
        with wh.write() as con:
            row = {**key, "batch_id": batch_id, "piece_id": pid, "status": status, "updated_at": now(), **fields}
            replace_rows(con, "deliveries", key, [row])

    if not known:
        record("started")
    context.log.info(f"{pid}: delivering {release_id} to {label} in batch {batch_id}")
    try:
        receipt = target.deliver(batch_id, manifest.upc or release_id, folder)
    except DeliveryError as exc:
        record("failed", error=str(exc)[:500])
        raise dg.Failure(
            f"delivery of {release_id} ({pid}) to {label} failed: {exc}. The batch {batch_id} is kept; "
            "re-run the release_job for this partition to resume it.",
            allow_retries=exc.retryable,
        ) from exc
    record(
        "delivered",
        remote_path=receipt.remote_path,
        files=receipt.files,
        bytes=receipt.bytes,
        attempts=receipt.attempts,
        delivered_at=(known[0]["delivered_at"] if known else None) or now(),  # the first time it arrived
    )
    return dg.MaterializeResult(
        metadata={
            "release_id": release_id,
            "target": label,
            "batch_id": batch_id,
            "remote_path": receipt.remote_path,
            "files": receipt.files,
            "mb": round(receipt.bytes / 1e6, 2),
            "already_delivered": receipt.already_delivered,
            "attempts": receipt.attempts,
        }
    )
