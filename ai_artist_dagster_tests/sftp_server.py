"""A local SFTP server (paramiko) serving a folder, for delivery tests: password and key auth,
and a fault switch that drops the connection once after N bytes of uploads."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import paramiko
from paramiko import SFTPAttributes, SFTPHandle, SFTPServer, SFTPServerInterface
from paramiko.sftp import SFTP_OK


@dataclass
class SftpState:
    root: Path
    user: str = "distributor"
    password: str = "sftp-test-SECRET"
    public_key: paramiko.PKey | None = None
    drop_after_bytes: int | None = None  # drop the connection once when uploads pass this many bytes
    written: int = 0
    connections: int = 0
    transports: list[paramiko.Transport] = field(default_factory=list)


class _Server(paramiko.ServerInterface):
    def __init__(self, state: SftpState):
        self.state = state

    def check_auth_password(self, username, password):
        ok = username == self.state.user and password == self.state.password
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def check_auth_publickey(self, username, key):
        ok = username == self.state.user and self.state.public_key is not None and key == self.state.public_key
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def get_allowed_auths(self, username):
        return "password,publickey"

    def check_channel_request(self, kind, chanid):
        return paramiko.OPEN_SUCCEEDED if kind == "session" else paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED


class _Handle(SFTPHandle):
    def __init__(self, flags, state: SftpState, transport: paramiko.Transport):
        super().__init__(flags)
        self.state, self.transport = state, transport

    def write(self, offset, data):
        state = self.state
        state.written += len(data)
        if state.drop_after_bytes is not None and state.written > state.drop_after_bytes:
            state.drop_after_bytes = None  # only once
            self.transport.close()
            return paramiko.sftp.SFTP_CONNECTION_LOST
        return super().write(offset, data)


def _sftp_interface(state: SftpState):
    class Folder(SFTPServerInterface):
        def __init__(self, server, *args, **kwargs):
            super().__init__(server, *args, **kwargs)
            self.transport = server.transport if hasattr(server, "transport") else state.transports[-1]

        def _real(self, path: str) -> str:
            return str(state.root / path.lstrip("/"))

        def list_folder(self, path):
            real = self._real(path)
            out = []
            for name in os.listdir(real):
                attr = SFTPAttributes.from_stat(os.stat(os.path.join(real, name)))
                attr.filename = name
                out.append(attr)
            return out

        def stat(self, path):
            try:
                return SFTPAttributes.from_stat(os.stat(self._real(path)))
            except OSError as e:
                return SFTPServer.convert_errno(e.errno)

        lstat = stat

        def open(self, path, flags, attr):
            real = self._real(path)
            try:
                fd = os.open(real, flags, 0o644)
            except OSError as e:
                return SFTPServer.convert_errno(e.errno)
            mode = "ab" if flags & os.O_APPEND else ("r+b" if flags & os.O_WRONLY or flags & os.O_RDWR else "rb")
            if flags & os.O_WRONLY and not flags & os.O_APPEND:
                mode = "wb" if flags & os.O_TRUNC else "r+b"
            handle = _Handle(flags, state, state.transports[-1])
            f = os.fdopen(fd, mode)
            handle.filename = real
            handle.readfile = f
            handle.writefile = f
            return handle

        def remove(self, path):
            try:
                os.remove(self._real(path))
            except OSError as e:
                return SFTPServer.convert_errno(e.errno)
            return SFTP_OK

        def rename(self, oldpath, newpath):
            try:
                os.rename(self._real(oldpath), self._real(newpath))
            except OSError as e:
                return SFTPServer.convert_errno(e.errno)
            return SFTP_OK

        def mkdir(self, path, attr):
            try:
                os.mkdir(self._real(path))
            except OSError as e:
                return SFTPServer.convert_errno(e.errno)
            return SFTP_OK

        def canonicalize(self, path):
            return "/" + path.lstrip("/")

    return Folder


@contextmanager
def sftp_server(state: SftpState) -> Iterator[int]:
    """Serve ``state.root`` on 127.0.0.1; yields the port."""
    host_key = paramiko.RSAKey.generate(1024)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            transport = paramiko.Transport(conn)
            transport.add_server_key(host_key)
            transport.set_subsystem_handler("sftp", SFTPServer, _sftp_interface(state))
            state.transports.append(transport)
            state.connections += 1
            transport.start_server(server=_Server(state))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        for transport in state.transports:
            transport.close()
        listener.close()
