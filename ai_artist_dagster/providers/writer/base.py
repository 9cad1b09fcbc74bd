from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import Literal, TypeVar

from pydantic import BaseModel

Task = Literal["artist_profile", "lyrics", "critique"]
T = TypeVar("T", bound=BaseModel)


class WriterError(Exception):
    """Every provider failed for a task; the message names each provider and why."""


class CallRecord(BaseModel):
    """One provider call, as stored in the warehouse table `llm_calls` (never prompts or keys)."""

    call_id: str
    called_at: dt.datetime
    provider: str
    model: str
    task: str
    partition_key: str
    tokens_in: int
    tokens_out: int
    latency_ms: float
    cost_usd: float
    cache_hit: bool
    outcome: Literal["ok", "error", "invalid"]
    error: str | None = None


class WriterProvider(ABC):
    """Produces a schema-valid result for a writing task from a structured brief."""

    name: str
    model: str

    @abstractmethod
    def generate(self, task: Task, brief: BaseModel, schema: type[T]) -> tuple[T, int, int]:
        """Return (result, tokens_in, tokens_out)."""
