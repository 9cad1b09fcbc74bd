"""The router's persistent state in one SQLite file (safe across processes and concurrent runs):
the response cache, each provider's circuit breaker (from SqliteState), and the spend that budgets are checked against."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

from ai_artist_dagster.providers.sqlite_state import SqliteState

SCHEMA = """
CREATE TABLE IF NOT EXISTS cache (
    key TEXT PRIMARY KEY, task TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL,
    result TEXT NOT NULL, tokens_in INTEGER NOT NULL, tokens_out INTEGER NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS spend (
    call_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, day TEXT NOT NULL, provider TEXT NOT NULL, cost_usd REAL NOT NULL);
CREATE INDEX IF NOT EXISTS spend_run ON spend(run_id);
CREATE INDEX IF NOT EXISTS spend_day ON spend(day);
"""


def cache_key(task: str, provider: str, model: str, template_id: str, system: str, user: str, schema: dict) -> str:
    """Same task, prompt (template version and text), schema and model → same key."""
    payload = json.dumps([task, provider, model, template_id, system, user, schema], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def utc_day() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


class RouterState(SqliteState):
    schema = SCHEMA

    def __init__(self, path: Path, cache: bool = True, clock: Callable[[], float] = time.time):
        self.cache_enabled = cache
        super().__init__(path, clock)

    # cache
    def cached(self, key: str) -> tuple[str, int, int] | None:
        if not self.cache_enabled:
            return None
        with self._connect() as con:
            row = con.execute("SELECT result, tokens_in, tokens_out FROM cache WHERE key = ?", [key]).fetchone()
        return (row[0], int(row[1]), int(row[2])) if row else None

    def store(
        self, key: str, task: str, provider: str, model: str, result: str, tokens_in: int, tokens_out: int
    ) -> None:
        with self._connect() as con:
            con.execute(
                "INSERT OR REPLACE INTO cache VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [key, task, provider, model, result, tokens_in, tokens_out, self.clock()],
            )

    # spend
    def add_spend(self, call_id: str, run_id: str, provider: str, cost_usd: float) -> None:
        if cost_usd <= 0:
            return
        with self._connect() as con:
            con.execute(
                "INSERT OR REPLACE INTO spend VALUES (?, ?, ?, ?, ?)", [call_id, run_id, utc_day(), provider, cost_usd]
            )

    def spent(self, run_id: str) -> tuple[float, float]:
        """(spent in this run, spent today UTC) in USD."""
        with self._connect() as con:
            run = con.execute("SELECT coalesce(sum(cost_usd), 0) FROM spend WHERE run_id = ?", [run_id]).fetchone()[0]
            day = con.execute("SELECT coalesce(sum(cost_usd), 0) FROM spend WHERE day = ?", [utc_day()]).fetchone()[0]
        return float(run), float(day)
