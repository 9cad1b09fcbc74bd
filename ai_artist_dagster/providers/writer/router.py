from __future__ import annotations

import time
import uuid

from pydantic import BaseModel, ValidationError

from ai_artist_dagster.lib.warehouse import now
from ai_artist_dagster.providers.writer.base import CallRecord, T, Task, WriterError, WriterProvider


class WriterRouter:
    """Tries providers in order; the first schema-valid answer wins. Every attempt is recorded."""

    def __init__(self, providers: list[WriterProvider]):
        if not providers:
            raise ValueError("the writer router needs at least one provider")
        self.providers = providers

    def generate(self, task: Task, brief: BaseModel, schema: type[T], partition_key: str) -> tuple[T, list[CallRecord]]:
        calls: list[CallRecord] = []
        failures: list[str] = []
        for provider in self.providers:
            started = time.perf_counter()
            outcome, error, result, tokens = "ok", None, None, (0, 0)
            try:
                result, *tokens = provider.generate(task, brief, schema)
            except ValidationError as exc:
                outcome, error = "invalid", f"output failed {schema.__name__} validation: {exc.errors()[0]['msg']}"
            except Exception as exc:
                outcome, error = "error", f"{type(exc).__name__}: {exc}"[:300]
            calls.append(
                CallRecord(
                    call_id=uuid.uuid4().hex,
                    called_at=now(),
                    provider=provider.name,
                    model=provider.model,
                    task=task,
                    partition_key=partition_key,
                    tokens_in=tokens[0],
                    tokens_out=tokens[1],
                    latency_ms=round((time.perf_counter() - started) * 1000, 2),
                    cost_usd=0.0,
                    cache_hit=False,
                    outcome=outcome,  # type: ignore[arg-type]
                    error=error,
                )
            )
            if result is not None:
                return result, calls
            failures.append(f"{provider.name}: {error}")
        raise WriterError(f"every writer failed for task {task!r} ({partition_key}): " + "; ".join(failures))
