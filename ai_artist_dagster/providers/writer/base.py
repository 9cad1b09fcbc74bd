"""The writer provider interface: a chat completion that returns one JSON object for a schema.

Every provider (the offline writer, OpenAI-compatible servers, Anthropic, Gemini) turns a
:class:`ChatRequest` into a :class:`ChatReply` or raises :class:`ProviderError` with a kind the
router understands (retry, fall back, open the circuit). API keys live only inside the SDK client.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from ai_artist_dagster.domain.prompts import Prompt

T = TypeVar("T", bound=BaseModel)
Task = Literal["artist_profile", "lyrics", "critique", "error_diagnosis"]
ErrorKind = Literal["timeout", "server", "rate_limit", "auth", "refusal", "bad_request", "connection", "unexpected"]
RETRYABLE: frozenset[str] = frozenset({"timeout", "server", "rate_limit", "connection"})
Outcome = Literal["ok", "cache", "error", "invalid", "refusal", "budget", "circuit_open"]


class WriterError(Exception):
    """Every provider failed for a task; the message names each provider and why."""


class BudgetExceeded(WriterError):
    """A paid call would exceed the run or day budget, and no free provider was left to fall back on."""


class ProviderError(Exception):
    """A provider call failed. ``kind`` decides what the router does; ``retry_after`` (seconds)
    comes from the server's Retry-After header when it sent one. The message does not repeat the
    provider's name: the router and the ledger add it."""

    def __init__(self, kind: ErrorKind, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE


class ChatRequest(BaseModel):
    """What a provider is asked. ``brief`` is the structured input (the offline writer works from
    it directly); ``repair`` carries the previous invalid reply and why it failed."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    task: Task
    prompt: Prompt
    brief: Any
    max_tokens: int = 2000
    temperature: float = 0.8
    repair: tuple[str, str] | None = None  # (previous reply, validation error)

    def messages(self) -> list[dict[str, str]]:
        """The user/assistant turns (system prompt separate), including a repair turn."""
        turns = [{"role": "user", "content": self.prompt.user}]
        if self.repair:
            reply, error = self.repair
            turns += [
                {"role": "assistant", "content": reply[:8000]},
                {
                    "role": "user",
                    "content": f"That reply is invalid: {error[:600]}. Reply again with only the corrected JSON object.",
                },
            ]
        return turns


class ChatReply(BaseModel):
    text: str
    tokens_in: int
    tokens_out: int
    model: str


class CallRecord(BaseModel):
    """One provider call (or cache hit), as stored in the warehouse table `llm_calls`.
    Never holds prompts, replies or keys."""

    call_id: str
    called_at: dt.datetime
    run_id: str
    provider: str
    model: str
    task: str
    partition_key: str
    artist_id: str | None
    prompt_id: str
    attempt: int
    tokens_in: int
    tokens_out: int
    latency_ms: float
    cost_usd: float
    cache_hit: bool
    outcome: Outcome
    error: str | None = None


def estimate_tokens(text: str) -> int:
    """The common ~4 characters per token estimate (used where a provider reports no usage)."""
    return max(1, len(text) // 4)


class WriterProvider(ABC):
    """One text provider. Prices are USD per million tokens (0 for free/local providers)."""

    name: str
    model: str
    price_in_per_mtok: float = 0.0
    price_out_per_mtok: float = 0.0
    cacheable: bool = True  # the offline writer is free and deterministic: nothing to cache

    @property
    def paid(self) -> bool:
        return self.price_in_per_mtok > 0 or self.price_out_per_mtok > 0

    def cost(self, tokens_in: int, tokens_out: int) -> float:
        return (tokens_in * self.price_in_per_mtok + tokens_out * self.price_out_per_mtok) / 1_000_000

    @abstractmethod
    def chat(self, request: ChatRequest) -> ChatReply:
        """Answer the request with JSON text, or raise ProviderError."""
