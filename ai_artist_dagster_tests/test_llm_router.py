"""The router's behaviour with scripted providers: retries, fallback, repair, breaker, budget, cache."""

import datetime as dt

import pytest

from ai_artist_dagster.lib.schemas import Lyrics, LyricsBrief
from ai_artist_dagster.providers.sqlite_state import BreakerPolicy
from ai_artist_dagster.providers.writer import (
    BudgetExceeded,
    CallContext,
    ChatReply,
    OfflineWriter,
    ProviderError,
    RouterPolicy,
    RouterState,
    WriterError,
    WriterProvider,
    WriterRouter,
)
from ai_artist_dagster.providers.writer.errors import retry_after_seconds


class Scripted(WriterProvider):
    """Plays a script: each item is an exception to raise, ``"valid"`` or a literal reply text."""

    def __init__(self, name: str, script: list, price: float = 1.0):
        self.name, self.model, self.script, self.calls = name, f"{name}-model", list(script), 0
        self.price_in_per_mtok = self.price_out_per_mtok = price
        self.requests = []

    def chat(self, request):
        self.calls += 1
        self.requests.append(request)
        step = self.script.pop(0) if self.script else "valid"
        if isinstance(step, Exception):
            raise step
        text = OfflineWriter().chat(request).text if step == "valid" else step
        return ChatReply(text=text, tokens_in=1000, tokens_out=500, model=self.model)


@pytest.fixture
def brief(profile, trend):
    return LyricsBrief(profile=profile, trend=trend, date=dt.date(2020, 3, 6), seed=5)


class Clock:
    """The breaker's time, moved only by the test: no figure depends on how fast the machine runs."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def state(tmp_path, clock):
    return RouterState(tmp_path / "router.sqlite", clock=clock)


CTX = CallContext(run_id="run-1", partition_key="2020-03-06|nova-vale", artist_id="nova-vale")


def make(providers, state=None, **policy):
    sleeps: list[float] = []
    router = WriterRouter(providers, state=state, policy=RouterPolicy(**policy), sleep=sleeps.append)
    return router, sleeps


def outcomes(generation_or_calls):
    calls = getattr(generation_or_calls, "calls", generation_or_calls)
    return [(c.provider, c.outcome) for c in calls]


def test_retries_5xx_with_backoff_then_succeeds(brief, state):
    flaky = Scripted("flaky", [ProviderError("server", "HTTP 500"), ProviderError("server", "HTTP 502")])
    router, sleeps = make([flaky, OfflineWriter()], state, backoff_initial_s=0.5)
    gen = router.generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(gen) == [("flaky", "error"), ("flaky", "error"), ("flaky", "ok")]
    assert len(sleeps) == 2 and 0.5 <= sleeps[0] <= 1.5 and sleeps[1] >= sleeps[0] - 1  # exponential with jitter
    assert gen.calls[-1].cost_usd == pytest.approx(0.0015) and gen.calls[-1].attempt == 3


def test_429_honours_retry_after(brief, state):
    limited = Scripted("limited", [ProviderError("rate_limit", "HTTP 429", retry_after=7.0)])
    router, sleeps = make([limited], state)
    router.generate("lyrics", brief, Lyrics, CTX)
    assert sleeps == [7.0]


def test_retry_after_header_forms():
    assert retry_after_seconds({"retry-after": "3"}) == 3
    assert retry_after_seconds({"retry-after-ms": "1500"}) == 1.5
    assert retry_after_seconds({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0  # a past date: go now
    assert retry_after_seconds({}) is None


def test_falls_back_after_exhausting_retries_and_at_once_on_auth_and_refusal(brief, state):
    down = Scripted("down", [ProviderError("timeout", "timed out")] * 10)
    locked = Scripted("locked", [ProviderError("auth", "HTTP 401")])
    prude = Scripted("prude", [ProviderError("refusal", "refused")])
    router, _ = make([down, locked, prude, OfflineWriter()], state, max_attempts=3)
    gen = router.generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(gen) == [("down", "error")] * 3 + [("locked", "error"), ("prude", "refusal"), ("offline", "ok")]
    assert (down.calls, locked.calls, prude.calls) == (3, 1, 1)
    assert gen.provider == "offline" and gen.result.sections


def test_invalid_output_gets_one_repair_round(brief, state):
    sloppy = Scripted("sloppy", ['{"title": ""}', "valid"])
    router, _ = make([sloppy, OfflineWriter()], state)
    gen = router.generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(gen) == [("sloppy", "invalid"), ("sloppy", "ok")]
    repair = sloppy.requests[1].messages()
    assert repair[1]["content"] == '{"title": ""}' and "title" in repair[2]["content"]
    assert "invalid" in repair[2]["content"]


def test_malformed_json_twice_falls_back(brief, state):
    garbage = Scripted("garbage", ["{not json", "Sure! Here it is: {also not json"])
    router, _ = make([garbage, OfflineWriter()], state)
    gen = router.generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(gen) == [("garbage", "invalid"), ("garbage", "invalid"), ("offline", "ok")]
    assert "not JSON" in gen.calls[0].error


def test_json_in_code_fences_is_accepted(brief, state):
    fenced = Scripted("fenced", [])
    text = (
        OfflineWriter()
        .chat(
            __import__("ai_artist_dagster.providers.writer", fromlist=["ChatRequest"]).ChatRequest(
                task="lyrics",
                prompt=make([OfflineWriter()])[0].generate("lyrics", brief, Lyrics, CTX).prompt,
                brief=brief,
            )
        )
        .text
    )
    fenced.script = [f"```json\n{text}\n```"]
    gen = make([fenced], state)[0].generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(gen) == [("fenced", "ok")]


def test_error_names_every_provider_and_why(brief, state):
    a = Scripted("alpha", [ProviderError("auth", "alpha: HTTP 401 (auth): bad key")])
    b = Scripted("beta", ["nope", "still nope"])
    router, _ = make([a, b], state)
    with pytest.raises(WriterError, match=r"partition 2020-03-06\|nova-vale.*alpha: .*401.*beta: output failed Lyrics"):
        router.generate("lyrics", brief, Lyrics, CTX)


def test_unexpected_exceptions_fall_back(brief, state):
    buggy = Scripted("buggy", [KeyError("choices")])
    gen = make([buggy, OfflineWriter()], state)[0].generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(gen) == [("buggy", "error"), ("offline", "ok")] and "KeyError" in gen.calls[0].error


def test_circuit_breaker_opens_on_failed_calls_not_attempts_and_its_cooldown_grows(brief, state, clock):
    down = Scripted("down", [ProviderError("server", "HTTP 503")] * 30)
    breaker = BreakerPolicy(failures=2, window_s=60, cooldown_s=5, max_cooldown_s=15)
    router, _ = make([down, OfflineWriter()], state, max_attempts=3, breaker=breaker)
    router.generate("lyrics", brief, Lyrics, CTX)
    assert down.calls == 3 and state.is_open("down") == 0  # three failed attempts are one failed call
    router.generate("lyrics", brief, Lyrics, CTX)  # the second failed call opens the circuit…
    assert state.is_open("down") == 5  # …for seconds, not minutes
    gen = router.generate("lyrics", brief, Lyrics, CTX)
    assert down.calls == 6
    assert outcomes(gen) == [("down", "circuit_open"), ("offline", "ok")] and "circuit open" in gen.calls[0].error
    cooldowns = []
    for _ in range(3):  # after each cooldown one trial attempt goes through; its failure reopens for longer
        clock.now += state.is_open("down")
        calls = down.calls
        router.generate("lyrics", brief, Lyrics, CTX)
        assert down.calls == calls + 1
        cooldowns.append(state.is_open("down"))
    assert cooldowns == [10, 15, 15]
    clock.now += state.is_open("down")  # a trial that succeeds closes it
    down.script = ["valid"]
    assert router.generate("lyrics", brief, Lyrics, CTX).provider == "down" and state.is_open("down") == 0


@pytest.mark.slow
def test_scattered_failures_never_open_the_circuit(brief, state):
    """Half of all requests fail at random: retries absorb it and every call keeps its provider."""
    import random

    rng = random.Random(7)
    flaky = Scripted(
        "flaky", [ProviderError("server", "HTTP 500") if rng.random() < 0.5 else "valid" for _ in range(400)]
    )
    router, _ = make([flaky, OfflineWriter()], state)
    providers = [router.generate("lyrics", brief, Lyrics, CTX, regenerate=True).provider for _ in range(100)]
    assert providers == ["flaky"] * 100 and state.is_open("flaky") == 0


def test_a_fallback_says_so(brief, state):
    down = Scripted("down", [ProviderError("server", "HTTP 503")] * 10)
    gen = make([down, OfflineWriter()], state, max_attempts=2)[0].generate("lyrics", brief, Lyrics, CTX)
    assert gen.provider == "offline" and gen.fallback == "written by offline after down: error (HTTP 503)"
    assert make([OfflineWriter()], state)[0].generate("lyrics", brief, Lyrics, CTX).fallback is None


def test_budget_stops_paid_calls_before_exceeding(brief, state):
    pricey = Scripted("pricey", [], price=30.0)  # $30 per million tokens each way
    router, _ = make([pricey, OfflineWriter()], state, budget_run_usd=0.2, max_tokens=2000)
    first = router.generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(first) == [("pricey", "ok")]  # worst case (2x prompt + 2x max_tokens) ≈ $0.18 fits $0.20
    spent_run, _ = state.spent("run-1")
    assert spent_run == pytest.approx(0.045)
    second = router.generate("lyrics", brief, Lyrics, CTX, regenerate=True)
    assert outcomes(second) == [("pricey", "budget"), ("offline", "ok")]
    assert "run budget $0.20" in second.calls[0].error and pricey.calls == 1
    # without a free provider the run stops with a budget error
    only_paid, _ = make([pricey], state, budget_run_usd=0.2)
    with pytest.raises(BudgetExceeded, match="would pass the run budget"):
        only_paid.generate("lyrics", brief, Lyrics, CTX, regenerate=True)
    # another run still has its own budget, but the day budget is shared
    day_capped, _ = make([pricey, OfflineWriter()], state, budget_run_usd=5, budget_day_usd=0.1)
    other = CTX.model_copy(update={"run_id": "run-2"})
    assert outcomes(day_capped.generate("lyrics", brief, Lyrics, other, regenerate=True)) == [
        ("pricey", "budget"),
        ("offline", "ok"),
    ]


def test_identical_request_is_answered_from_cache_and_regenerate_skips_it(brief, state):
    paid = Scripted("paid", [])
    router, _ = make([paid, OfflineWriter()], state)
    first = router.generate("lyrics", brief, Lyrics, CTX)
    second = router.generate("lyrics", brief, Lyrics, CTX.model_copy(update={"run_id": "run-2"}))
    assert paid.calls == 1 and second.result == first.result
    assert outcomes(second) == [("paid", "cache")] and second.calls[0].cost_usd == 0 and second.calls[0].cache_hit
    router.generate("lyrics", brief, Lyrics, CTX, regenerate=True)
    assert paid.calls == 2
    router.generate("lyrics", brief.model_copy(update={"feedback": "more ocean"}), Lyrics, CTX)
    assert paid.calls == 3  # a different prompt is a different request


def test_cache_is_found_even_when_a_later_provider_answered(brief, state):
    flaky = Scripted("flaky", [ProviderError("auth", "401")])
    backup = Scripted("backup", [])
    router, _ = make([flaky, backup], state)
    router.generate("lyrics", brief, Lyrics, CTX)
    again = router.generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(again) == [("backup", "cache")] and flaky.calls == 1


def test_per_task_routes(brief, state):
    critic = Scripted("critic", [])
    router = WriterRouter([OfflineWriter()], routes={"critique": [critic]}, state=state)
    assert router.route("lyrics")[0].name == "offline" and router.route("critique") == [critic]


def test_profile_facts_are_pinned_to_the_niche(profile, trend, state):
    from ai_artist_dagster.lib.schemas import ArtistNiche, ArtistProfile, ProfileBrief

    niche = ArtistNiche(genre="pop", mood="euphoric", tempo_bpm=120, key=9, mode="minor")
    brief = ProfileBrief(artist_id="nova-vale", name="Nova Vale", niche=niche, trend=trend, seed=7)
    drifted = profile.model_copy(update={"genre": "metal", "tempo_bpm": 180, "tempo_range": (170, 190), "name": "X"})
    liar = Scripted("liar", [drifted.model_dump_json()])
    gen = make([liar], state)[0].generate("artist_profile", brief, ArtistProfile, CTX)
    assert (gen.result.genre, gen.result.tempo_bpm, gen.result.name) == ("pop", 120, "Nova Vale")
    assert gen.result.tempo_range[0] <= 120 <= gen.result.tempo_range[1]
