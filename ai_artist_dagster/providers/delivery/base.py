"""Delivery of release packages in DDEX's batch choreography.

One batch folder per delivery, named by its batch id (a UTC timestamp, YYYYMMDDhhmmssnnn); inside
it one folder per release (named by the release's UPC) holding the ERN message and its resources;
and, written last, ``BatchComplete_<batch id>.xml``. A recipient ignores a batch until that marker
exists, so an interrupted upload is never taken for a complete one. Re-delivering a batch whose
marker exists does nothing; an incomplete one is resumed (files already there with the right size
are kept).
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from pathlib import Path

from pydantic import BaseModel


class DeliveryError(Exception):
    def __init__(self, message: str, retryable: bool = True):
        super().__init__(message)
        self.retryable = retryable


class DeliveryReceipt(BaseModel):
    target: str  # e.g. outbox:/abs/path or sftp://user@host:port/dir (never a password)
    batch_id: str
    remote_path: str
    files: int
    bytes: int
    already_delivered: bool = False
    attempts: int = 1


def new_batch_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return now.strftime("%Y%m%d%H%M%S") + f"{now.microsecond // 1000:03d}"


def marker_name(batch_id: str) -> str:
    return f"BatchComplete_{batch_id}.xml"


def marker_xml(batch_id: str, release_folders: list[str]) -> bytes:
    releases = "".join(f"<ReleaseFolder>{name}</ReleaseFolder>" for name in release_folders)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<BatchComplete><BatchId>{batch_id}</BatchId>{releases}</BatchComplete>\n'
    ).encode()


def package_files(folder: Path) -> list[Path]:
    """Every file of a release package, relative to it, in upload order (the ERN message last
    within the release, so a half-uploaded release never shows a message without its media)."""
    files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    return sorted(files, key=lambda p: p.suffix == ".xml" and len(p.parts) == 1)


class DeliveryTarget(ABC):
    name: str

    @property
    @abstractmethod
    def label(self) -> str:
        """Where deliveries go, for logs and the warehouse (never a password)."""

    @abstractmethod
    def deliver(self, batch_id: str, release_name: str, folder: Path) -> DeliveryReceipt:
        """Put ``folder`` into batch ``batch_id`` as ``release_name``, then the batch's marker."""
