"""Real servers for the deployment tests: a fresh database on the local PostgreSQL (skipped with a
clear reason when no server answers, failed under CI=true), and a local S3-compatible server (moto in
server mode) with one bucket."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, os.environ.get("PGUSER", "postgres")
S3_KEYS = {"AWS_ACCESS_KEY_ID": "testing-key", "AWS_SECRET_ACCESS_KEY": "testing-secret", "AWS_REGION": "us-east-1"}


def _postgres_up() -> bool:
    try:
        socket.create_connection((PG_HOST, PG_PORT), timeout=1).close()
        return True
    except OSError:
        return False


def require_postgres(what: str) -> None:
    if not _postgres_up():
        if os.environ.get("CI") == "true":
            pytest.fail(f"no PostgreSQL server on {PG_HOST}:{PG_PORT}; CI must run {what}")
        pytest.skip(f"no PostgreSQL server on {PG_HOST}:{PG_PORT} (start one to run {what})")


@contextmanager
def postgres_database(what: str) -> Iterator[str]:
    """A new, empty database (its name), dropped afterwards."""
    require_postgres(what)
    import psycopg2

    name = f"ai_artist_test_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres")
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def ducklake_catalog(database: str) -> str:
    return f"postgres:dbname={database} host={PG_HOST} port={PG_PORT} user={PG_USER}"


@contextmanager
def s3_server(bucket: str = "ai-artist") -> Iterator[str]:
    """moto's S3 server on a free local port with ``bucket`` made; yields its endpoint URL. The
    caller puts S3_KEYS in the environment (moto accepts any keys; the clients need some)."""
    import boto3
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"],
            region_name=S3_KEYS["AWS_REGION"],
        ).create_bucket(Bucket=bucket)
        yield endpoint
    finally:
        server.stop()
