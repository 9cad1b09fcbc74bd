"""Provider state that must outlive a run and be shared by concurrent runs: a small SQLite file
(WAL) per provider family, and the circuit breaker every remote provider uses."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BREAKER_SCHEMA = """
CREATE TABLE IF NOT EXISTS breaker (
    provider TEXT PRIMARY KEY, failures INTEGER NOT NULL, open_until REAL NOT NULL);
"""


class SqliteState:
    schema = ""

    def __init__(self, path: Path):
        self.path = path
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

    # circuit breaker: `threshold` failures in a row open it for `cooldown_s`; then one trial call
    # (half-open) closes it on success or reopens it on failure.
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
