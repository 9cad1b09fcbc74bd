"""Release packages: the DDEX message, audio, video and cover (under resources/), metadata and a
SHA-256 manifest, under a stable id.

The id is derived from the piece id, so packaging the same piece twice gives the same release;
the folder is built under a temp name and renamed into place, so a crash never leaves a
half-written release that looks complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from ai_artist_dagster.lib.files import link_or_copy, sha256_file, temp_sibling
from ai_artist_dagster.lib.schemas import FileEntry, ReleaseManifest

MANIFEST = "manifest.json"
RESOURCES = "resources"


def release_id_for(piece_id: str, prefix: str = "AIA") -> str:
    return f"{prefix}-{hashlib.sha256(piece_id.encode()).hexdigest()[:12].upper()}"


def verify_release(folder: Path) -> ReleaseManifest | None:
    """The manifest of a complete, intact release folder, else None."""
    path = folder / MANIFEST
    if not path.exists():
        return None
    manifest = ReleaseManifest.model_validate_json(path.read_text())
    for entry in manifest.files:
        file = folder / entry.path
        if not file.exists() or file.stat().st_size != entry.bytes or sha256_file(file) != entry.sha256:
            return None
    return manifest


def resource_path(role: str, source: Path) -> str:
    """Where a media file sits in the package (DDEX batches keep resources in a subfolder)."""
    return f"{RESOURCES}/{role}{source.suffix}"


def package_release(
    root: Path,
    manifest: ReleaseManifest,
    files: dict[str, Path],
    metadata: dict[str, object],
    documents: dict[str, bytes] | None = None,
) -> tuple[ReleaseManifest, Path, bool]:
    """Package ``files`` (role -> source path) under ``root/<release_id>/resources/``, with
    ``documents`` (name -> bytes, e.g. the ERN message) and metadata.json at the top.

    Returns (manifest, folder, created). An intact existing release is returned unchanged.
    """
    folder = root / manifest.release_id
    existing = verify_release(folder)
    if existing is not None:
        return existing, folder, False
    staging = temp_sibling(folder)  # also clears what a killed packager left
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        final = _stage(staging, manifest, files, documents, metadata)
    except BaseException:  # a full disk or a missing file: leave nothing half-built behind
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if folder.exists():  # a damaged leftover (not ours to trust): replace it
        shutil.rmtree(folder)
    os.replace(staging, folder)
    return final, folder, True


def _stage(
    staging: Path,
    manifest: ReleaseManifest,
    files: dict[str, Path],
    documents: dict[str, bytes] | None,
    metadata: dict,
) -> ReleaseManifest:
    """Fill ``staging`` with the package and its manifest."""
    (staging / RESOURCES).mkdir()
    entries: list[FileEntry] = []

    def add(path: str, role: str) -> None:
        target = staging / path
        entries.append(FileEntry(path=path, role=role, sha256=sha256_file(target), bytes=target.stat().st_size))

    for role, source in files.items():
        link_or_copy(source, staging / resource_path(role, source))
        add(resource_path(role, source), role)
    for name, data in (documents or {}).items():
        (staging / name).write_bytes(data)
        add(name, "ddex_ern" if name.endswith(".xml") else "document")
    (staging / "metadata.json").write_text(json.dumps(metadata, indent=2, default=str))
    add("metadata.json", "metadata")
    final = manifest.model_copy(update={"files": entries})
    (staging / MANIFEST).write_text(final.model_dump_json(indent=2))
    return final
