"""The DuckLake backend of the warehouse: the catalog in PostgreSQL, the data as Parquet files in a
folder or an S3-compatible bucket, so many processes on many machines write at once.

DuckDB's extensions come from the `duckdb-extension-*` wheels (built for the pinned duckdb), linked
into a per-user extension directory; nothing is downloaded at run time. The S3 settings are shared
with the media store (lib/media.py): AI_ARTIST_S3_ENDPOINT_URL for a non-AWS server, the standard
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION for the keys. Keys only ever go into a DuckDB
secret in the connection's memory: never into a log, a message or the catalog.
"""

from __future__ import annotations

import contextlib
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import duckdb

ALIAS = "lake"
ATTACH_ATTEMPTS = 10
# (wheel package, extension name DuckDB loads it as)
EXTENSIONS = (("ducklake", "ducklake"), ("postgres", "postgres_scanner"), ("httpfs", "httpfs"))


@dataclass(frozen=True)
class S3Settings:
    """Where an S3-compatible server is and how to sign requests to it (from the environment)."""

    endpoint_url: str | None
    key_id: str | None
    secret: str | None
    region: str

    @classmethod
    def from_env(cls) -> S3Settings:
        return cls(
            endpoint_url=os.environ.get("AI_ARTIST_S3_ENDPOINT_URL") or None,
            key_id=os.environ.get("AWS_ACCESS_KEY_ID") or None,
            secret=os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            region=os.environ.get("AWS_REGION") or "us-east-1",
        )


@dataclass(frozen=True)
class LakeSettings:
    """A DuckLake warehouse: ``catalog`` is DuckLake's metadata connection (``postgres:dbname=… host=…``),
    ``data_path`` the folder or ``s3://bucket/prefix/`` its Parquet files go to."""

    catalog: str
    data_path: str

    def describe(self) -> str:
        """For messages: the catalog without any password in it."""
        safe = " ".join(p for p in self.catalog.split() if not p.lower().startswith("password="))
        return f"ducklake:{safe} (data {self.data_path})"


def extension_directory() -> Path:
    """A DuckDB extension directory holding the wheels' extension files (links, made once per version)."""
    root = Path.home() / ".cache" / "ai-artist" / "duckdb-extensions"
    platform = duckdb.execute("PRAGMA platform").fetchone()[0]  # type: ignore[index]
    target = root / f"v{duckdb.__version__}" / platform
    for package, name in EXTENSIONS:
        link = target / f"{name}.duckdb_extension"
        if link.exists():
            continue
        module = __import__(f"duckdb_extension_{package}")
        source = next(Path(str(module.__file__)).parent.rglob("*.duckdb_extension"), None)
        if source is None:
            raise RuntimeError(f"duckdb-extension-{package} holds no extension file; reinstall it (pip install -e .)")
        target.mkdir(parents=True, exist_ok=True)
        tmp = target / f".{name}.{os.getpid()}.tmp"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(source)
        os.replace(tmp, link)  # atomic: a concurrent process sees no link or a whole one
    return root


def _endpoint(s3: S3Settings) -> tuple[str, str] | None:
    """A non-AWS server's ``host:port`` and whether to use TLS ("true"/"false"), as DuckDB takes them."""
    if not s3.endpoint_url:
        return None
    url = urlparse(s3.endpoint_url)
    return url.netloc, "true" if url.scheme == "https" else "false"


def s3_secret_sql(s3: S3Settings) -> str:
    """CREATE SECRET for DuckDB's httpfs from the S3 settings (DuckDB takes no parameters here; the
    statement is executed, never logged)."""
    options = ["TYPE s3", f"REGION '{_quote(s3.region)}'"]
    if s3.key_id and s3.secret:
        options += [f"KEY_ID '{_quote(s3.key_id)}'", f"SECRET '{_quote(s3.secret)}'"]
    if endpoint := _endpoint(s3):
        host, use_ssl = endpoint
        options += [f"ENDPOINT '{_quote(host)}'", "URL_STYLE 'path'", f"USE_SSL {use_ssl}"]
    return f"CREATE OR REPLACE TEMPORARY SECRET ai_artist_s3 ({', '.join(options)})"


def dbt_env(lake: LakeSettings) -> dict[str, str]:
    """The variables dbt_trends' `lake` target reads (profiles.yml)."""
    s3 = S3Settings.from_env()
    endpoint = _endpoint(s3)
    return {
        "AI_ARTIST_DUCKDB_EXTENSION_DIR": str(extension_directory()),
        "AI_ARTIST_DUCKLAKE_CATALOG": lake.catalog,
        "AI_ARTIST_DUCKLAKE_DATA_PATH": lake.data_path,
        "AWS_REGION": s3.region,
        **(
            {
                "AI_ARTIST_S3_ENDPOINT": endpoint[0],
                "AI_ARTIST_S3_URL_STYLE": "path",
                "AI_ARTIST_S3_USE_SSL": endpoint[1],
            }
            if endpoint
            else {}
        ),
    }


def connect(lake: LakeSettings, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached as ``lake`` and in use."""
    con = duckdb.connect(
        config={"autoinstall_known_extensions": False, "extension_directory": str(extension_directory())}
    )
    try:
        for _, name in EXTENSIONS:
            con.execute(f"LOAD {name}")
        if lake.data_path.startswith("s3://"):
            con.execute(s3_secret_sql(S3Settings.from_env()))
        options = [f"DATA_PATH '{_quote(lake.data_path)}'"] + (["READ_ONLY"] if read_only else [])
        attach = f"ATTACH 'ducklake:{_quote(lake.catalog)}' AS {ALIAS} ({', '.join(options)})"
        for attempt in range(ATTACH_ATTEMPTS):
            try:
                con.execute(attach)
                break
            except duckdb.Error as exc:
                # Processes attaching a new catalog at once race to create DuckLake's own tables: the
                # losers wait for the winner's and attach again.
                if "initialize DuckLake" not in str(exc) or attempt == ATTACH_ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.2, 1.0))
        con.execute(f"USE {ALIAS}")
    except BaseException:
        con.close()
        raise
    return con


def _quote(value: str) -> str:
    return value.replace("'", "''")
