"""The writer router: every text task goes through it.

For a task it renders the versioned prompt, answers from the cache when any provider on the
route already answered the identical request, and otherwise tries the route's providers in
order: retries with exponential backoff and jitter that honour Retry-After on timeouts, 5xx, 429
and connection errors (for up to RouterPolicy.retry_budget_s); falls back on those after the
retries, and at once on auth errors and refusals; repairs schema-invalid output once, then falls
back; skips a provider whose circuit is open (failed calls per time window, not failed attempts, open
it) and paid providers a budget forbids. A piece written by a fallback says so (Generation.fallback). Every attempt becomes a `llm_calls` ledger row.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from ai_artist_dagster.domain.prompts import Prompt, render_prompt
from ai_artist_dagster.domain.writer.finalize import pin_facts
from ai_artist_dagster.lib.warehouse import now
from ai_artist_dagster.providers.sqlite_state import BreakerPolicy
from ai_artist_dagster.providers.writer.base import (
    BudgetExceeded,
    CallRecord,
    ChatRequest,
    Outcome,
    ProviderError,
    T,
    Task,
    WriterError,
    WriterProvider,
)
from ai_artist_dagster.providers.writer.schema import parse_json_reply, portable_schema
from ai_artist_dagster.providers.writer.state import RouterState, cache_key


class RouterPolicy(BaseModel):
    """How hard the router tries and how much it may spend. Retries ride out a provider's blip (an
    outage of a few seconds, or up to half the requests failing at random) so that it changes no
    piece's writer; the breaker keeps out a provider that fails call after call."""

    # Half the requests failing at random leave a call 2^-12 to fail all its attempts; a 5 s outage is
    # over by the 5th attempt (~8 s in).
    max_attempts: int = 12  # per call and provider, for retryable errors…
    retry_budget_s: float = 45.0  # …and no new attempt after this long
    backoff_initial_s: float = 0.25
    backoff_max_s: float = 4.0  # a server's Retry-After may ask for longer, up to retry_after_max_s
    retry_after_max_s: float = 30.0
    breaker: BreakerPolicy = BreakerPolicy()
    budget_run_usd: float = 2.0
    budget_day_usd: float = 10.0
    max_tokens: int = 2000
    temperature: float = 0.8


class CallContext(BaseModel):
    """Where a call comes from, for the ledger and the run budget."""

    model_config = ConfigDict(frozen=True)

    run_id: str
    partition_key: str
    artist_id: str | None = None


class Generation(BaseModel):
    """A validated result, the prompt it came from and every ledger row it cost."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    result: Any
    prompt: Prompt
    calls: list[CallRecord]

    @property
    def provider(self) -> str:
        return self.calls[-1].provider

    @property
    def fallback(self) -> str | None:
        """Why an earlier provider on the route did not write this (None when the first one did)."""
        failed = [c for c in self.calls if c.provider != self.provider and c.outcome != "ok"]
        if not failed:
            return None
        reasons = {
            c.provider: f"{c.provider}: {c.outcome}" + (f" ({c.error[:120]})" if c.error else "") for c in failed
        }
        return f"written by {self.provider} after " + "; ".join(reasons.values())


class _Invalid(Exception):
    def __init__(self, reply: str, error: str):
        super().__init__(error)
        self.reply, self.error = reply, error


def _validation_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'root'}: {e['msg']}" for e in exc.errors()[:5])
    return f"not JSON ({exc})"


class WriterRouter:
    def __init__(
        self,
        providers: list[WriterProvider],
        routes: dict[str, list[WriterProvider]] | None = None,
        state: RouterState | None = None,
        policy: RouterPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        unavailable: dict[str, str] | None = None,
    ):
        if not providers:
            raise ValueError("the writer router needs at least one provider")
        self.providers = providers
        self.routes = routes or {}
        self.state = state
        self.policy = policy or RouterPolicy()
        self.sleep = sleep
        self.unavailable = unavailable or {}  # configured providers that could not be built, and why

    def route(self, task: str) -> list[WriterProvider]:
        return self.routes.get(task) or self.providers

    def generate(
        self, task: Task, brief: BaseModel, schema: type[T], ctx: CallContext, regenerate: bool = False
    ) -> Generation:
        prompt = render_prompt(task, brief, schema, portable_schema(schema))
        calls: list[CallRecord] = []
        route = self.route(task)

        def record(provider: WriterProvider, outcome: Outcome, **fields: Any) -> CallRecord:
            row = CallRecord(
                call_id=uuid.uuid4().hex,
                called_at=now(),
                run_id=ctx.run_id,
                provider=provider.name,
                model=fields.pop("model", provider.model),
                task=task,
                partition_key=ctx.partition_key,
                artist_id=ctx.artist_id,
                prompt_id=prompt.template_id,
                attempt=fields.pop("attempt", 0),
                tokens_in=fields.pop("tokens_in", 0),
                tokens_out=fields.pop("tokens_out", 0),
                latency_ms=fields.pop("latency_ms", 0.0),
                cost_usd=fields.pop("cost_usd", 0.0),
                cache_hit=outcome == "cache",
                outcome=outcome,
                error=fields.pop("error", None),
            )
            calls.append(row)
            return row

        keys = {p.name: self._key(task, p, prompt) for p in route}
        if self.state and not regenerate:
            for provider in route:
                if provider.cacheable and (hit := self.state.cached(keys[provider.name])):
                    text, tokens_in, tokens_out = hit
                    result = pin_facts(brief, schema.model_validate_json(text))
                    record(provider, "cache", tokens_in=tokens_in, tokens_out=tokens_out)
                    return Generation(result=result, prompt=prompt, calls=calls)

        failures = [f"{name}: not available ({why})" for name, why in self.unavailable.items()]
        budget_blocked = False
        for provider in route:
            if self.state and (wait := self.state.is_open(provider.name)):
                reason = f"circuit open for {wait:.0f} s more after repeated failures"
                record(provider, "circuit_open", error=reason)
                failures.append(f"{provider.name}: {reason}")
                continue
            if provider.paid and (over := self._over_budget(provider, prompt, ctx)):
                record(provider, "budget", error=over)
                failures.append(f"{provider.name}: {over}")
                budget_blocked = True
                continue
            trial = bool(self.state and self.state.half_open(provider.name))
            try:
                result = self._ask(provider, task, brief, schema, prompt, ctx, record, attempts=1 if trial else None)
            except ProviderError as exc:
                if self.state and exc.kind != "refusal":  # one failed call (after its retries) for the breaker
                    self.state.record_failure(provider.name, self.policy.breaker)
                failures.append(f"{provider.name}: {exc}")
                continue
            except _Invalid as exc:
                failures.append(
                    f"{provider.name}: output failed {schema.__name__} validation after a repair ({exc.error})"
                )
                continue
            if self.state and provider.cacheable:
                self.state.store(
                    keys[provider.name],
                    task,
                    provider.name,
                    provider.model,
                    result.model_dump_json(),
                    sum(c.tokens_in for c in calls if c.provider == provider.name),
                    sum(c.tokens_out for c in calls if c.provider == provider.name),
                )
            return Generation(result=pin_facts(brief, result), prompt=prompt, calls=calls)
        error_type = BudgetExceeded if budget_blocked else WriterError
        raise error_type(
            f"every writer failed for task {task!r} (partition {ctx.partition_key}): "
            + "; ".join(failures)
            + ". Check the keys and AI_ARTIST_LLM_PROVIDERS in .env, or add 'offline' to the route."
        ) from None

    def _key(self, task: str, provider: WriterProvider, prompt: Prompt) -> str:
        return cache_key(
            task, provider.name, provider.model, prompt.template_id, prompt.system, prompt.user, prompt.json_schema
        )

    def _over_budget(self, provider: WriterProvider, prompt: Prompt, ctx: CallContext) -> str | None:
        """Refuse a paid call whose worst case (prompt + max_tokens, plus one repair) would pass a budget."""
        if not self.state:
            return None
        tokens_in = (len(prompt.system) + len(prompt.user)) // 3
        worst = provider.cost(2 * tokens_in, 2 * self.policy.max_tokens)
        run, day = self.state.spent(ctx.run_id)
        if run + worst > self.policy.budget_run_usd:
            return f"budget: run spend ${run:.4f} + worst case ${worst:.4f} would pass the run budget ${self.policy.budget_run_usd:.2f}"
        if day + worst > self.policy.budget_day_usd:
            return f"budget: today's spend ${day:.4f} + worst case ${worst:.4f} would pass the day budget ${self.policy.budget_day_usd:.2f}"
        return None

    def _ask(self, provider, task, brief, schema, prompt, ctx, record, attempts: int | None = None) -> BaseModel:
        """One provider: retried call (``attempts`` caps the tries: 1 for a breaker's trial call), then
        validation with one repair round."""
        request = ChatRequest(
            task=task,
            prompt=prompt,
            brief=brief,
            max_tokens=self.policy.max_tokens,
            temperature=self.policy.temperature,
        )
        attempt = 0

        def call(req: ChatRequest) -> tuple[str, CallRecord]:
            """One attempt: its ledger row, spend and breaker bookkeeping; SDK bugs become ProviderErrors."""
            nonlocal attempt
            attempt += 1
            started = time.perf_counter()
            try:
                reply = provider.chat(req)
            except Exception as exc:  # an SDK or provider bug must not stop the fallback chain either
                error = (
                    exc
                    if isinstance(exc, ProviderError)
                    else ProviderError("unexpected", f"{type(exc).__name__}: {exc}")
                )
                outcome: Outcome = "refusal" if error.kind == "refusal" else "error"
                record(provider, outcome, attempt=attempt, latency_ms=_ms(started), error=str(error)[:300])
                if error is exc:
                    raise
                raise error from exc
            cost = provider.cost(reply.tokens_in, reply.tokens_out)
            row = record(
                provider,
                "ok",
                attempt=attempt,
                model=reply.model,
                tokens_in=reply.tokens_in,
                tokens_out=reply.tokens_out,
                latency_ms=_ms(started),
                cost_usd=round(cost, 8),
            )
            if self.state:
                self.state.add_spend(row.call_id, ctx.run_id, provider.name, cost)
                self.state.record_success(provider.name)
            return reply.text, row

        def ask(req: ChatRequest) -> tuple[str, BaseModel | None, str]:
            retrying = Retrying(
                stop=stop_after_attempt(attempts or self.policy.max_attempts)
                | stop_after_delay(self.policy.retry_budget_s),
                retry=retry_if_exception(lambda e: isinstance(e, ProviderError) and e.retryable),
                wait=self._wait,
                sleep=self.sleep,
                reraise=True,
            )
            text, row = retrying(call, req)
            try:
                return text, schema.model_validate(parse_json_reply(text)), ""
            except (ValueError, ValidationError) as exc:
                error = _validation_message(exc)
                row.outcome, row.error = "invalid", f"output failed {schema.__name__} validation: {error}"[:300]
                return text, None, error

        text, result, error = ask(request)
        if result is None:  # one repair round: show the model its reply and what was wrong
            text, result, error = ask(request.model_copy(update={"repair": (text, error)}))
        if result is None:
            raise _Invalid(text, error)
        return result

    def _wait(self, state: RetryCallState) -> float:
        """A server's Retry-After (capped) when it sent one, else exponential backoff with jitter."""
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, ProviderError) and exc.retry_after is not None:
            return min(exc.retry_after, self.policy.retry_after_max_s)
        return wait_exponential_jitter(initial=self.policy.backoff_initial_s, max=self.policy.backoff_max_s)(state)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
