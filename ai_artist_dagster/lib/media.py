"""Where media live: the data directory by default, an object store (S3 or any fsspec URL) when
AI_ARTIST_MEDIA_URL is set.

Assets always write files into the local data directory first (atomically: lib/files.py), then
``publish`` them: with an object store each file is uploaded to the same relative key under the
URL (an object appears whole or not at all) and the warehouse records its URL; without one the
local path is the address and publishing does nothing. A reader on any machine calls ``local`` on an
address and gets a local file: downloaded once into its own data directory (written beside and
renamed), or the file itself when it is already there. So workers share no disk: only the store.

S3 settings: AI_ARTIST_S3_ENDPOINT_URL for a non-AWS server (MinIO, Ceph, moto), and the standard
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION, which only the S3 client reads.
"""

from __future__ import annotations

import contextlib
import os
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ai_artist_dagster.lib import paths
from ai_artist_dagster.lib.files import replacing

M = TypeVar("M", bound=BaseModel)


class MediaStore:
    """Media under ``root`` (this process's data directory), mirrored to ``url`` when one is set."""

    def __init__(self, root: Path, url: str | None = None) -> None:
        self.root = root.resolve()
        self.url = url.rstrip("/") if url else None

    @property
    def remote(self) -> bool:
        return self.url is not None

    @cached_property
    def fs(self) -> Any:
        import fsspec

        assert self.url is not None
        options: dict[str, Any] = {}
        endpoint = os.environ.get("AI_ARTIST_S3_ENDPOINT_URL")
        if self.url.startswith("s3://") and endpoint:
            options["endpoint_url"] = endpoint
        fs, _ = fsspec.core.url_to_fs(self.url, **options)
        return fs

    def key(self, path: Path | str) -> str:
        """``path``'s key: its place under the data directory (``pieces/<date>/<artist>/master.wav``)."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            raise ValueError(f"{path} is not under the data directory {self.root}; media are written there") from None

    def address(self, path: Path | str) -> str:
        """Where a published file is for others: its URL in the store, or the local path without one."""
        return str(path) if self.url is None else f"{self.url}/{self.key(path)}"

    def publish(self, path: Path | str) -> str:
        """Make a file (or a folder's files) that was just written locally visible to every worker;
        returns its address (the URL, or the local path without a store)."""
        if self.url is None:
            return str(path)
        path = Path(path)
        address = self.address(path)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            self.fs.put_file(str(file), self.address(file))
        return address

    def local(self, address: str) -> Path:
        """A local path holding the bytes at ``address`` (a local path, or a URL under the store: a file
        or a folder, fetched into the data directory unless already there with the same size)."""
        if self.url is None or not address.startswith(self.url + "/"):
            return Path(address)
        key = address[len(self.url) + 1 :]
        target = self.root / key
        if self.fs.isdir(address):
            for remote in self.fs.find(address):
                self._fetch(remote, self.root / self._key_of(remote))
        else:
            self._fetch(address, target)
        return target

    def _key_of(self, remote: str) -> str:
        # fsspec lists without the protocol: "bucket/prefix/pieces/…"
        base = self.url.split("://", 1)[-1] if self.url else ""
        return remote.split("://", 1)[-1][len(base) + 1 :]

    def _fetch(self, remote: str, target: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            if target.stat().st_size == self.fs.size(remote):
                return
        with replacing(target) as tmp:
            self.fs.get_file(remote, str(tmp))

    def publish_paths(self, model: M) -> M:
        """``model`` with every file it names (fields ``path``/``*_path``, ``stems``) published."""
        return _map_paths(model, self.publish)

    def localized(self, model: M) -> M:
        """``model`` with every address it names turned into a local path (fetched when needed)."""
        return _map_paths(model, lambda address: str(self.local(address)))


def _map_paths(model: M, fn: Any) -> M:
    if not isinstance(model, BaseModel):
        return model
    data = model.model_dump()
    for name, value in data.items():
        if isinstance(value, str) and value and (name == "path" or name.endswith("_path")):
            data[name] = fn(value)
        elif name == "stems" and isinstance(value, dict):
            data[name] = {role: fn(p) for role, p in value.items()}
    return type(model).model_validate(data)


def configured(root: str | Path | None = None) -> MediaStore:
    """The store the environment configures: AI_ARTIST_MEDIA_URL over the data directory ``root``."""
    return MediaStore(paths.data_dir(str(root) if root else None), os.environ.get("AI_ARTIST_MEDIA_URL") or None)
