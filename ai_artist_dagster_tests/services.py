"""Real servers for the deployment tests: a fresh database on the local PostgreSQL (skipped with a
clear reason when no server answers, failed under CI=true), and a local S3-compatible server (moto in
server mode) with one bucket."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
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


@contextmanager
def lake_deployment(tmp: Path, what: str) -> Iterator[dict[str, str]]:
    """The environment every machine of a many-machine deployment shares (docs/deployment.md): the
    Dagster instance of deploy/dagster.lake.yaml on a fresh PostgreSQL database (its Docker launcher
    removed: `ai-artist run` starts the workers), DuckLake with its catalog in another and its data
    in S3, media in S3 (a moto server). ``tmp`` holds the instance home and the coordinator's data dir;
    deliveries go to ``tmp/distributor`` (the distributor's drop, outside our machines)."""
    import yaml

    from ai_artist_dagster.lib.paths import PROJECT_ROOT

    with postgres_database(what) as instance_db, postgres_database(what) as lake_db, s3_server() as endpoint:
        home = tmp / "dagster_home"
        home.mkdir(parents=True)
        config = yaml.safe_load((PROJECT_ROOT / "deploy" / "dagster.lake.yaml").read_text())
        del config["run_launcher"]
        (home / "dagster.yaml").write_text(yaml.safe_dump(config))
        yield {
            **{k: v for k, v in os.environ.items() if not k.startswith(("AI_ARTIST_", "DAGSTER_"))},
            **S3_KEYS,
            "DAGSTER_HOME": str(home),
            "DAGSTER_POSTGRES_USER": PG_USER,
            "DAGSTER_POSTGRES_PASSWORD": "",
            "DAGSTER_POSTGRES_HOST": PG_HOST,
            "DAGSTER_POSTGRES_PORT": str(PG_PORT),
            "DAGSTER_POSTGRES_DB": instance_db,
            "AI_ARTIST_DUCKLAKE_CATALOG": ducklake_catalog(lake_db),
            "AI_ARTIST_DUCKLAKE_DATA_PATH": "s3://ai-artist/lake/",
            "AI_ARTIST_MEDIA_URL": "s3://ai-artist/media",
            "AI_ARTIST_S3_ENDPOINT_URL": endpoint,
            "AI_ARTIST_DATA_DIR": str(tmp / "coordinator"),
            "AI_ARTIST_OUTBOX_DIR": str(tmp / "distributor"),
            "AI_ARTIST_AUTOPILOT_DEFAULT": "true",  # approved without a person: every piece is released
            "DO_NOT_TRACK": "1",
        }


def documented_queries() -> list[str]:
    """Every SQL statement in docs/analytics.md's ```sql blocks (the ten questions and the rest)."""
    import re

    from ai_artist_dagster.lib.paths import PROJECT_ROOT

    text = (PROJECT_ROOT / "docs" / "analytics.md").read_text()
    return [
        s
        for block in re.findall(r"```sql\n(.*?)```", text, re.S)
        for s in block.split(";")
        if any(line.strip() and not line.strip().startswith("--") for line in s.splitlines())
    ]
