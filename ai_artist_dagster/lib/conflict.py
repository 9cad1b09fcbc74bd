"""The DuckLake write conflict as a Dagster retry (its own module: lib/warehouse.py loads without Dagster)."""

from __future__ import annotations

import random

import dagster as dg


class WarehouseConflict(dg.RetryRequested):
    """Another process committed a change this transaction conflicts with (DuckLake: optimistic
    concurrency). Inside a Dagster step it asks for the step to run again (every asset's write is
    idempotent); anywhere else it is an error that says to try again."""

    def __init__(self, location: str, detail: str) -> None:
        super().__init__(max_retries=5, seconds_to_wait=random.uniform(0.5, 3.0))
        self.location, self.detail = location, detail

    def __reduce__(self):  # picklable, so it crosses process boundaries (a pool, a run worker)
        return (type(self), (self.location, self.detail))

    def __str__(self) -> str:
        return f"{self.location}: another process committed a conflicting change first ({self.detail}); try again"
