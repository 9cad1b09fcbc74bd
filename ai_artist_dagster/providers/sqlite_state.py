"""Provider state that must outlive a run and be shared by concurrent runs: a small SQLite file
(WAL) per provider family, and the circuit breaker every remote provider uses."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel

BREAKER_SCHEMA = """
DROP TABLE IF EXISTS breaker;
CREATE TABLE IF NOT EXISTS circuit (
    provider TEXT PRIMARY KEY, failures INTEGER NOT NULL, window_start REAL NOT NULL,
    open_until REAL NOT NULL, cooldown_s REAL NOT NULL);
"""


class BreakerPolicy(BaseModel):
    """When a provider is kept out: ``failures`` failed calls (each after its own retries) within
    ``window_s`` open its circuit for ``cooldown_s``; after that one trial call decides — success
    closes it, failure reopens it for twice as long, up to ``max_cooldown_s``. A success in between
    starts the count again, so scattered transient faults never open it."""

    failures: int = 3
    window_s: float = 60.0
    cooldown_s: float = 5.0
    max_cooldown_s: float = 300.0


class SqliteState:
    schema = ""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time):
        self.path = path
        self.clock = clock  # injected in tests, so no figure depends on the machine's speed
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.executescript(BREAKER_SCHEMA + self.schema)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=60)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            with con:
                yield con
        finally:
            con.close()

    # circuit breaker (see BreakerPolicy), shared by every process using this file
    def is_open(self, provider: str) -> float:
        """Seconds until the provider's circuit lets a trial call through (0 when closed or half-open)."""
        with self._connect() as con:
            row = con.execute("SELECT open_until FROM circuit WHERE provider = ?", [provider]).fetchone()
        return max(0.0, row[0] - self.clock()) if row else 0.0

    def half_open(self, provider: str) -> bool:
        """The cooldown has passed: the next call is the trial (one attempt, no retries)."""
        with self._connect() as con:
            row = con.execute("SELECT open_until FROM circuit WHERE provider = ?", [provider]).fetchone()
        return bool(row and 0 < row[0] <= self.clock())

    def record_failure(self, provider: str, policy: BreakerPolicy) -> bool:
        """Count one failed call; returns True when it opens (or reopens) the circuit."""
        stamp = self.clock()
        with self._connect() as con:
            row = con.execute(
                "SELECT failures, window_start, open_until, cooldown_s FROM circuit WHERE provider = ?", [provider]
            ).fetchone()
            failures, window_start, open_until, cooldown = row or (0, stamp, 0.0, 0.0)
            if open_until > 0:  # the trial call after a cooldown failed: reopen, for longer
                cooldown = min(max(cooldown * 2, policy.cooldown_s), policy.max_cooldown_s)
                opens = True
            else:
                if stamp - window_start > policy.window_s:
                    failures, window_start = 0, stamp
                failures += 1
                opens = failures >= policy.failures
                cooldown = policy.cooldown_s if opens else 0.0
            con.execute(
                "INSERT OR REPLACE INTO circuit VALUES (?, ?, ?, ?, ?)",
                [provider, 0 if opens else failures, window_start, stamp + cooldown if opens else 0.0, cooldown],
            )
        return opens

    def record_success(self, provider: str) -> None:
        with self._connect() as con:
            con.execute("DELETE FROM circuit WHERE provider = ?", [provider])
