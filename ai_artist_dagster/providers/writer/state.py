"""The router's persistent state in one SQLite file (safe across processes and concurrent runs):
the response cache, each provider's circuit breaker, and the spend that budgets are checked against."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS cache (
    key TEXT PRIMARY KEY, task TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL,
    result TEXT NOT NULL, tokens_in INTEGER NOT NULL, tokens_out INTEGER NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS breaker (
    provider TEXT PRIMARY KEY, failures INTEGER NOT NULL, open_until REAL NOT NULL);
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


class RouterState:
    def __init__(self, path: Path, cache: bool = True):
        self.path = path
        self.cache_enabled = cache
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=60)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            with con:
                yield con
        finally:
            con.close()

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
                [key, task, provider, model, result, tokens_in, tokens_out, time.time()],
            )

    # circuit breaker
    def is_open(self, provider: str) -> float:
        """Seconds until the provider's circuit closes again (0 when closed or half-open)."""
        with self._connect() as con:
            row = con.execute("SELECT open_until FROM breaker WHERE provider = ?", [provider]).fetchone()
        return max(0.0, row[0] - time.time()) if row else 0.0

    def record_failure(self, provider: str, threshold: int, cooldown_s: float) -> bool:
        """Count a failure; returns True when this failure opens the circuit."""
        with self._connect() as con:
            row = con.execute("SELECT failures, open_until FROM breaker WHERE provider = ?", [provider]).fetchone()
            failures = (row[0] if row else 0) + 1
            half_open = bool(row and row[1] > 0)  # the cooldown passed and the trial call failed: reopen
            opens = half_open or failures >= threshold
            con.execute(
                "INSERT OR REPLACE INTO breaker VALUES (?, ?, ?)",
                [provider, 0 if opens else failures, time.time() + cooldown_s if opens else 0.0],
            )
        return opens

    def record_success(self, provider: str) -> None:
        with self._connect() as con:
            con.execute("DELETE FROM breaker WHERE provider = ?", [provider])

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
