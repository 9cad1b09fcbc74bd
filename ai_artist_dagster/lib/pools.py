"""Dagster pools: every step that holds a shared, limited thing says which one (``pool=`` on the asset).

- ``duckdb_write``: the warehouse on the DuckDB file allows one writer process (limit 1). On DuckLake
  any number of processes write at once, so the pool has no limit there.
- ``llm_api``: the writer's model calls (lyrics): a hosted API's rate limit.
- ``music_api``: music generation (tracks): a hosted model's rate limit or, offline, the cores that
  render the song; the step never holds ``duckdb_write``.

A pool's limit lives in the Dagster instance. dagster.yaml's ``default_limit: 1`` covers a pool nobody
configured; `ai-artist run` and `make dev` (through `ai-artist pools`) set these limits first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from ai_artist_dagster.lib.env import from_env
from ai_artist_dagster.lib.processes import usable_cores

if TYPE_CHECKING:
    import dagster as dg

DUCKDB_WRITE = "duckdb_write"
LLM_API = "llm_api"
MUSIC_API = "music_api"


class PoolLimits(BaseModel):
    """Steps at once per pool across all runs (AI_ARTIST_LLM_API_LIMIT, AI_ARTIST_MUSIC_API_LIMIT)."""

    llm_api: int = Field(4, ge=1)
    music_api: int = Field(default_factory=usable_cores, ge=1)


def limits(lake: bool) -> dict[str, int | None]:
    """Each pool's limit for this configuration; None: no limit (the pool's steps never wait)."""
    configured = from_env(PoolLimits, llm_api="AI_ARTIST_LLM_API_LIMIT", music_api="AI_ARTIST_MUSIC_API_LIMIT")
    return {DUCKDB_WRITE: None if lake else 1, LLM_API: configured.llm_api, MUSIC_API: configured.music_api}


def apply(instance: dg.DagsterInstance, lake: bool | None = None) -> dict[str, int | None]:
    """Set the limits on ``instance`` (idempotent) for the configured warehouse (``lake``: whether
    it is a DuckLake, read from the configuration unless given); returns them."""
    if lake is None:
        from ai_artist_dagster.lib import warehouse

        lake = warehouse.configured().lake is not None
    storage = instance.event_log_storage
    wanted = limits(lake)
    for pool, limit in wanted.items():
        if limit is None:
            if pool in storage.get_concurrency_keys():
                storage.delete_concurrency_limit(pool)
        else:
            storage.set_concurrency_slots(pool, limit)
    return wanted
