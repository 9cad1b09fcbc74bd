"""The default delivery target: a local outbox folder laid out exactly like an SFTP drop."""

from __future__ import annotations

from pathlib import Path

from ai_artist_dagster.lib.files import atomic_write_bytes, link_or_copy, replacing
from ai_artist_dagster.providers.delivery.base import (
    DeliveryReceipt,
    DeliveryTarget,
    marker_name,
    marker_xml,
    package_files,
)


class OutboxTarget(DeliveryTarget):
    name = "outbox"

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def label(self) -> str:
        return f"outbox:{self.root}"

    def deliver(self, batch_id: str, release_name: str, folder: Path) -> DeliveryReceipt:
        batch = self.root / batch_id
        files = package_files(folder)
        size = sum((folder / f).stat().st_size for f in files)
        receipt = DeliveryReceipt(
            target=f"outbox:{self.root}",
            batch_id=batch_id,
            remote_path=str(batch / release_name),
            files=len(files),
            bytes=size,
        )
        if (batch / marker_name(batch_id)).exists():
            return receipt.model_copy(update={"already_delivered": True})
        for rel in files:
            target = batch / release_name / rel
            if target.exists() and target.stat().st_size == (folder / rel).stat().st_size:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with replacing(target) as tmp:
                tmp.unlink(missing_ok=True)
                link_or_copy(folder / rel, tmp)  # the outbox on the same disk holds no second copy
        atomic_write_bytes(batch / marker_name(batch_id), marker_xml(batch_id, [release_name]))
        return receipt
