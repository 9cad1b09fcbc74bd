"""DuckDB warehouse access: one writer at a time (pool `duckdb_write`), readers read-only.

Writes retry on DuckDB's file-lock error, so a concurrent writer from another process (a CLI
command, a second run outside the pool) waits its turn instead of failing the run.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
from tenacity import retry, retry_if_exception, stop_after_delay, wait_random_exponential

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


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for name, columns in TABLES.items():
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns})")
    for statement in MIGRATIONS:
        con.execute(statement)
    for name, query in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {query}")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict | list) and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return json.dumps(value, default=str)
    return value


class Warehouse:
    """The DuckDB file at ``path``; reads wait up to ``read_wait_s`` for another process's write."""

    def __init__(self, path: Path | str, read_wait_s: float | None = None):
        self.path = Path(path)
        self.read_wait_s = read_wait_s

    def waiting_at_most(self, seconds: float) -> Warehouse:
        """The same warehouse, for a reader that must not wait long (a sensor tick: it skips and tries
        again at the next tick rather than hold up the daemon)."""
        return Warehouse(self.path, read_wait_s=seconds)

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection inside one transaction (schema ensured)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = _connect(self.path, read_only=False)
        try:
            ensure_schema(con)
            con.begin()
            try:
                yield con
            except BaseException:
                con.rollback()
                raise
            con.commit()
        finally:
            con.close()

    @contextmanager
    def read(self, sandboxed: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection (``sandboxed``: for arbitrary SQL, see SANDBOX); a missing warehouse is
        created empty first. While a run holds the file for a write, it waits for it (DuckDB lets no
        other process open a file being written)."""
        if not self.path.exists():
            with self.write():
                pass
        con = _connect(self.path, read_only=True, sandboxed=sandboxed, read_wait_s=self.read_wait_s)
        try:
            yield con
        finally:
            con.close()

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts; ``params`` positional (``?``) or named (``$name``)."""
        with self.read() as con:
            cur = con.execute(sql, params or [])
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


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
