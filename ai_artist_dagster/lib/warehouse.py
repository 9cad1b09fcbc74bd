"""Warehouse access, on one of two backends chosen by configuration:

- the embedded DuckDB file (default): one writer process at a time; a writer holds the file only for
  its transaction and waits on DuckDB's file-lock error, readers wait briefly, so neither a run's
  write nor an analyst's read fails because another process is writing;
- DuckLake (lib/lake.py: catalog in PostgreSQL, Parquet in a folder or bucket): many writers at once
  from any number of processes and machines; readers never wait.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import random
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
from tenacity import retry, retry_if_exception, stop_after_delay, wait_random_exponential

from ai_artist_dagster.lib import lake, paths
from ai_artist_dagster.lib.warehouse_ddl import MIGRATIONS, TABLES, VIEWS


def _is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


# An analyst's connection (`ai-artist query`) reaches the warehouse file and nothing else: no other
# file (COPY, EXPORT, ATTACH, read_csv/read_text), no extension install or load (no network), and
# the settings cannot be changed back from SQL.
SANDBOX = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


# How long a connection waits for another process's write to end: a writer holds the file only for
# its transaction (milliseconds; a dbt build a few seconds), so readers wait briefly, writers longer
# (a run's write must not fail because another run is writing).
READ_WAIT_S = 30.0
WRITE_WAIT_S = 120.0
SENSOR_READ_WAIT_S = 2.0  # a sensor skips its tick instead (a long wait held up `dagster dev`'s Ctrl-C)


class WarehouseBusy(RuntimeError):
    """Another process kept the warehouse file for writing longer than this reader would wait."""


def _is_conflict(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.TransactionException) and "conflict" in str(exc).lower()


def _connect(
    path: Path, read_only: bool, sandboxed: bool = False, read_wait_s: float | None = None
) -> duckdb.DuckDBPyConnection:
    read_wait_s = READ_WAIT_S if read_wait_s is None else read_wait_s
    wait = retry(
        retry=retry_if_exception(_is_lock_error),
        wait=wait_random_exponential(multiplier=0.05, max=min(2.0, max(read_wait_s, 0.05))),
        stop=stop_after_delay(read_wait_s if read_only else WRITE_WAIT_S),
        reraise=True,
    )
    try:
        config: dict[str, str | bool | int | float | list[str]] = dict(SANDBOX) if sandboxed else {}
        return wait(duckdb.connect)(str(path), read_only=read_only, config=config)
    except duckdb.IOException as exc:
        if read_only and _is_lock_error(exc):
            raise WarehouseBusy(
                f"{path} has been locked by a writing process for over {read_wait_s:g} s (a run writing, or "
                "another program holding it open for writing); try again when it is done"
            ) from exc
        raise


_KEY_CLAUSE = re.compile(r",\s*PRIMARY KEY\s*\([^)]*\)", re.IGNORECASE)
_KEY_WORDS = re.compile(r"\s+(PRIMARY KEY|UNIQUE)\b", re.IGNORECASE)


def without_keys(columns: str) -> str:
    """A table's columns without PRIMARY KEY / UNIQUE, which DuckLake does not enforce (nor accept):
    every writer here deletes a key's rows before inserting them (replace_rows), on both backends."""
    return _KEY_WORDS.sub("", _KEY_CLAUSE.sub("", columns))


def ensure_schema(con: duckdb.DuckDBPyConnection, keys: bool = True) -> None:
    for name, columns in TABLES.items():
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns if keys else without_keys(columns)})")
    for statement in MIGRATIONS:
        con.execute(statement)
    for name, query in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {query}")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict | list) and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return json.dumps(value, default=str)
    return value


# One DuckDB instance per process and lake, the lake attached and its schema ensured once (loading the
# extensions and attaching take ~0.5 s; the DDL is a catalog commit per table); each read or write
# is a cursor of it, with its own transaction reading the catalog's latest snapshot.
_LAKES: dict[tuple[int, lake.LakeSettings], duckdb.DuckDBPyConnection] = {}


SCHEMA_DIGEST = hashlib.sha256(json.dumps([TABLES, MIGRATIONS, VIEWS]).encode()).hexdigest()[:16]


def _ensure_current_schema(con: duckdb.DuckDBPyConnection, keys: bool = True, attempts: int = 8) -> None:
    """The schema, once per version of it: a connection finds the digest of this release's DDL
    recorded and does nothing (one small read instead of ~60 DDL statements, and no catalog change
    to commit); the first one of a new release applies the DDL in one transaction (two lake writers
    doing so at once conflict: the later one retries and finds it done). ``keys``: the file's tables
    keep their keys; DuckLake takes none."""
    for attempt in range(attempts):
        known = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND table_name = 'warehouse_schema'"
        ).fetchone()
        if (
            known
            and known[0]
            and con.execute("SELECT 1 FROM warehouse_schema WHERE digest = ?", [SCHEMA_DIGEST]).fetchone()
        ):
            return
        con.begin()
        try:
            ensure_schema(con, keys=keys)
            con.execute("CREATE TABLE IF NOT EXISTS warehouse_schema (digest VARCHAR, applied_at TIMESTAMP)")
            con.execute("DELETE FROM warehouse_schema")
            con.execute("INSERT INTO warehouse_schema VALUES (?, ?)", [SCHEMA_DIGEST, now()])
            con.commit()
            return
        except duckdb.TransactionException as exc:
            with contextlib.suppress(duckdb.Error):
                con.rollback()
            if not _is_conflict(exc) or attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0.1, 0.5))


def _lake_cursor(settings: lake.LakeSettings) -> duckdb.DuckDBPyConnection:
    key = (os.getpid(), settings)
    if key not in _LAKES:
        base = lake.connect(settings)
        _ensure_current_schema(base, keys=False)
        _LAKES[key] = base
    cursor = _LAKES[key].cursor()
    cursor.execute(f"USE {lake.ALIAS}")
    return cursor


def _sandboxed_lake(settings: lake.LakeSettings) -> duckdb.DuckDBPyConnection:
    """A read-only lake connection for arbitrary SQL: files outside the lake's data path are refused."""
    con = lake.connect(settings, read_only=True)
    con.execute("SET allowed_directories = [?]", [settings.data_path])
    for name, value in SANDBOX.items():
        con.execute(f"SET {name} = {str(value).lower()}")
    return con


class Warehouse:
    """The DuckDB file at ``path``, or the DuckLake ``lake`` when given (``path`` is then unused);
    reads of the file wait up to ``read_wait_s`` for another process's write."""

    def __init__(self, path: Path | str, read_wait_s: float | None = None, lake: lake.LakeSettings | None = None):
        self.path = Path(path)
        self.read_wait_s = read_wait_s
        self.lake = lake

    @property
    def location(self) -> str:
        """Where the warehouse is, for messages (no password)."""
        return self.lake.describe() if self.lake else str(self.path)

    def exists(self) -> bool:
        """Whether anything was ever written (a lake is created on first use: always true)."""
        return self.lake is not None or self.path.exists()

    def waiting_at_most(self, seconds: float) -> Warehouse:
        """The same warehouse, for a reader that must not wait long (a sensor tick: it skips and tries
        again at the next tick rather than hold up the daemon)."""
        return Warehouse(self.path, read_wait_s=seconds, lake=self.lake)

    def _open(self, read_only: bool, sandboxed: bool = False) -> duckdb.DuckDBPyConnection:
        if self.lake is None:
            return _connect(self.path, read_only=read_only, sandboxed=sandboxed, read_wait_s=self.read_wait_s)
        if sandboxed:
            _lake_cursor(self.lake).close()  # the schema exists before a read-only attach
            return _sandboxed_lake(self.lake)
        return _lake_cursor(self.lake)

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection inside one transaction (schema ensured)."""
        if self.lake is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        con = self._open(read_only=False)
        try:
            if self.lake is None:
                _ensure_current_schema(con)
            con.begin()
            try:
                yield con
            except BaseException:
                con.rollback()
                raise
            try:
                con.commit()
            except duckdb.TransactionException as exc:
                if _is_conflict(exc):
                    # imported here: the CLI's read-only commands load this module without Dagster (~2 s)
                    from ai_artist_dagster.lib.conflict import WarehouseConflict

                    raise WarehouseConflict(self.location, str(exc).splitlines()[-1]) from exc
                raise
        finally:
            con.close()

    @contextmanager
    def maintenance(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection outside any transaction, for statements that commit on their own
        (CHECKPOINT, DuckLake's maintenance calls; lib/maintenance.py)."""
        with self.write():
            pass  # the file or the lake and its schema exist
        con = self._open(read_only=False)
        try:
            yield con
        finally:
            con.close()

    @contextmanager
    def read(self, sandboxed: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection (``sandboxed``: for arbitrary SQL, see SANDBOX); a missing warehouse is
        created empty first. While a run holds the file for a write, it waits for it (DuckDB lets no
        other process open a file being written)."""
        if not self.exists():
            with self.write():
                pass
        con = self._open(read_only=True, sandboxed=sandboxed)
        try:
            yield con
        finally:
            con.close()

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts; ``params`` positional (``?``) or named (``$name``)."""
        with self.read() as con:
            return rows_of(con, sql, params)


def rows_of(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Rows of ``sql`` on an open connection, as dicts (several queries on one ``Warehouse.read()``
    open the warehouse once)."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def configured(path: Path | str | None = None) -> Warehouse:
    """The warehouse the environment configures: DuckLake when AI_ARTIST_DUCKLAKE_CATALOG is set
    (data under AI_ARTIST_DUCKLAKE_DATA_PATH, default ``<data dir>/lake/``), else the DuckDB file
    ``path`` / AI_ARTIST_WAREHOUSE_PATH / ``<data dir>/warehouse.duckdb``."""
    file = Path(path) if path else paths.warehouse_path()
    catalog = os.environ.get("AI_ARTIST_DUCKLAKE_CATALOG", "").strip()
    if not catalog:
        return Warehouse(file)
    data_path = os.environ.get("AI_ARTIST_DUCKLAKE_DATA_PATH", "").strip() or f"{paths.data_dir() / 'lake'}/"
    return Warehouse(file, lake=lake.LakeSettings(catalog=catalog, data_path=data_path))


def replace_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    where: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
) -> int:
    """Idempotent write: delete the rows matching ``where``, then insert ``rows``."""
    if where:
        clause = " AND ".join(f"{k} = ?" for k in where)
        con.execute(f"DELETE FROM {table} WHERE {clause}", list(where.values()))
    return insert_rows(con, table, rows)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Mapping[str, Any]]) -> int:
    if not rows:
        return 0
    columns = list(rows[0].keys())
    placeholders = ", ".join("?" for _ in columns)
    con.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",
        [[_jsonable(row[c]) for c in columns] for row in rows],
    )
    return len(rows)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
