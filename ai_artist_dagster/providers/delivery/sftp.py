"""SFTP delivery (paramiko): key or password auth, each file uploaded under a temporary name and
renamed into place, the batch marker last, retried with backoff when the connection drops."""

from __future__ import annotations

import contextlib
import posixpath
import stat
import time
from collections.abc import Callable
from pathlib import Path

import paramiko
from pydantic import BaseModel, SecretStr

from ai_artist_dagster.providers.delivery.base import (
    DeliveryError,
    DeliveryReceipt,
    DeliveryTarget,
    marker_name,
    marker_xml,
    package_files,
)


class SftpSettings(BaseModel):
    host: str
    port: int = 22
    user: str
    key_path: str | None = None
    password: SecretStr | None = None
    remote_dir: str = "."
    timeout_s: float = 30.0
    max_attempts: int = 4
    known_hosts: str | None = None  # verify the server's key against this file when set


class SftpTarget(DeliveryTarget):
    name = "sftp"

    def __init__(self, settings: SftpSettings, sleep: Callable[[float], None] = time.sleep) -> None:
        if not settings.key_path and not settings.password:
            raise DeliveryError("SFTP needs SFTP_KEY_PATH or SFTP_PASSWORD", retryable=False)
        self.settings, self._sleep = settings, sleep

    @property
    def label(self) -> str:
        s = self.settings
        return f"sftp://{s.user}@{s.host}:{s.port}/{s.remote_dir.lstrip('/')}"

    def _connect(self) -> tuple[paramiko.SSHClient, paramiko.SFTPClient]:
        s = self.settings
        client = paramiko.SSHClient()
        if s.known_hosts:
            client.load_host_keys(s.known_hosts)
            client.set_missing_host_key_policy(paramiko.RejectPolicy())
        else:
            client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        try:
            client.connect(
                s.host,
                port=s.port,
                username=s.user,
                password=s.password.get_secret_value() if s.password else None,
                key_filename=s.key_path,
                timeout=s.timeout_s,
                banner_timeout=s.timeout_s,
                auth_timeout=s.timeout_s,
                look_for_keys=False,
                allow_agent=False,
            )
        except paramiko.AuthenticationException as exc:
            client.close()
            raise DeliveryError(f"{self.label}: authentication failed ({type(exc).__name__})", retryable=False) from exc
        except (OSError, paramiko.SSHException) as exc:
            client.close()
            raise DeliveryError(f"{self.label}: cannot connect ({type(exc).__name__}: {exc})") from exc
        sftp = client.open_sftp()
        channel = sftp.get_channel()
        if channel is not None:  # an open SFTP session always has one
            channel.settimeout(s.timeout_s)
        return client, sftp

    @staticmethod
    def _size(sftp: paramiko.SFTPClient, path: str) -> int | None:
        try:
            return sftp.stat(path).st_size
        except OSError:
            return None

    @staticmethod
    def _makedirs(sftp: paramiko.SFTPClient, path: str) -> None:
        parts = [p for p in path.split("/") if p]
        current = "/" if path.startswith("/") else ""
        for part in parts:
            current = posixpath.join(current, part) if current else part
            try:
                if not stat.S_ISDIR(sftp.stat(current).st_mode or 0):
                    raise DeliveryError(f"{current} exists on the server and is not a folder", retryable=False)
            except FileNotFoundError:
                sftp.mkdir(current)

    def _put(self, sftp: paramiko.SFTPClient, local: Path, remote: str) -> None:
        tmp = remote + ".part"
        sftp.put(str(local), tmp, confirm=True)
        if self._size(sftp, remote) is not None:
            sftp.remove(remote)
        sftp.rename(tmp, remote)

    def _deliver_once(self, batch_id: str, release_name: str, folder: Path, files: list[Path]) -> bool:
        """Returns True when the batch was already complete."""
        client, sftp = self._connect()
        try:
            batch = posixpath.join(self.settings.remote_dir, batch_id)
            marker = posixpath.join(batch, marker_name(batch_id))
            if self._size(sftp, marker) is not None:
                return True
            for rel in files:
                remote = posixpath.join(batch, release_name, *rel.parts)
                local = folder / rel
                if self._size(sftp, remote) == local.stat().st_size:
                    continue  # uploaded by an earlier, interrupted attempt
                self._makedirs(sftp, posixpath.dirname(remote))
                self._put(sftp, local, remote)
            with sftp.open(marker + ".part", "wb") as handle:
                handle.write(marker_xml(batch_id, [release_name]))
            sftp.rename(marker + ".part", marker)
            return False
        except (OSError, EOFError, paramiko.SSHException) as exc:  # TimeoutError is an OSError
            raise DeliveryError(f"{self.label}: upload interrupted ({type(exc).__name__}: {exc})") from exc
        finally:
            # closing a connection the server already dropped raises too; the real error is above
            with contextlib.suppress(OSError, EOFError, paramiko.SSHException):
                sftp.close()
            client.close()

    def deliver(self, batch_id: str, release_name: str, folder: Path) -> DeliveryReceipt:
        files = package_files(folder)
        size = sum((folder / f).stat().st_size for f in files)
        attempts = max(1, self.settings.max_attempts)
        for attempt in range(1, attempts + 1):
            try:
                done = self._deliver_once(batch_id, release_name, folder, files)
            except DeliveryError as exc:
                if not exc.retryable or attempt == attempts:
                    raise DeliveryError(f"{exc} (after {attempt} attempt(s))", exc.retryable) from exc
                self._sleep(min(30.0, 2.0 ** (attempt - 1)))
                continue
            return DeliveryReceipt(
                target=self.label,
                batch_id=batch_id,
                remote_path=posixpath.join(self.settings.remote_dir, batch_id, release_name),
                files=len(files),
                bytes=size,
                already_delivered=done,
                attempts=attempt,
            )
        raise AssertionError("unreachable")
