"""The real OpenAI, Anthropic and google-genai clients against fake APIs at the HTTP layer."""

import datetime as dt
import json
import logging

import httpx
import pytest
import respx

from ai_artist_dagster.lib.schemas import ArtistProfile, Lyrics, LyricsBrief
from ai_artist_dagster.providers.writer import (
    CallContext,
    OfflineWriter,
    RouterPolicy,
    RouterState,
    WriterError,
    WriterRouter,
    build_chain,
    build_provider,
    default_order,
    parse_specs,
)
from ai_artist_dagster.providers.writer.base import ChatRequest
from ai_artist_dagster_tests.llm_fakes import (
    ANTHROPIC_URL,
    GEMINI_URL,
    OPENAI_URL,
    Script,
    anthropic_body,
    error,
    gemini_body,
    ok,
    openai_body,
)

SECRETS = {
    "OPENAI_API_KEY": "sk-test-OPENAI-SECRET-1234",
    "ANTHROPIC_API_KEY": "sk-ant-ANTHROPIC-SECRET-5678",
    "GEMINI_API_KEY": "AIza-GEMINI-SECRET-9012",
    "DEEPSEEK_API_KEY": "sk-DEEPSEEK-SECRET-3456",
}
CTX = CallContext(run_id="run-1", partition_key="2020-03-06|nova-vale", artist_id="nova-vale")


@pytest.fixture(autouse=True)
def keys(monkeypatch):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("OPENAI_BASE_URL", OPENAI_URL)
    monkeypatch.setenv("DEEPSEEK_BASE_URL", OPENAI_URL)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", ANTHROPIC_URL)
    monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", GEMINI_URL)
    for name in ("XAI_API_KEY", "MISTRAL_API_KEY", "GOOGLE_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def brief(profile, trend):
    return LyricsBrief(profile=profile, trend=trend, date=dt.date(2020, 3, 6), seed=5)


@pytest.fixture
def song_json(brief) -> str:
    from ai_artist_dagster.domain.writer import write_lyrics

    return write_lyrics(brief).model_dump_json()


def router(names: str, tmp_path, **policy):
    sleeps: list[float] = []
    providers, unavailable = build_chain(parse_specs(names), timeout_s=0.5)
    r = WriterRouter(
        providers,
        state=RouterState(tmp_path / "router.sqlite"),
        policy=RouterPolicy(**policy),
        sleep=sleeps.append,
        unavailable=unavailable,
    )
    return r, sleeps


def outcomes(gen):
    return [(c.provider, c.outcome) for c in gen.calls]


@pytest.mark.slow
@respx.mock
def test_openai_success_sends_json_schema_and_records_usage_and_cost(brief, song_json, tmp_path):
    script = Script(ok(openai_body(song_json)))
    respx.post(f"{OPENAI_URL}/chat/completions").mock(side_effect=script)
    gen = router("openai", tmp_path)[0].generate("lyrics", brief, Lyrics, CTX)
    assert gen.result.title == json.loads(song_json)["title"] and outcomes(gen) == [("openai", "ok")]
    body = script.bodies()[0]
    assert body["model"] == "gpt-4.1-mini" and body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"]["properties"]["sections"]["type"] == "array"
    assert body["messages"][0]["role"] == "system" and "<data>" in body["messages"][1]["content"]
    assert script.requests[0].headers["authorization"] == f"Bearer {SECRETS['OPENAI_API_KEY']}"
    call = gen.calls[0]
    assert (call.tokens_in, call.tokens_out) == (812, 455)
    assert call.cost_usd == pytest.approx((812 * 0.40 + 455 * 1.60) / 1e6)


@pytest.mark.slow
@respx.mock
def test_deepseek_preset_uses_json_mode_with_the_schema_in_the_prompt(brief, song_json, tmp_path):
    script = Script(ok(openai_body(song_json, model="deepseek-chat")))
    respx.post(f"{OPENAI_URL}/chat/completions").mock(side_effect=script)
    gen = router("deepseek", tmp_path)[0].generate("lyrics", brief, Lyrics, CTX)
    body = script.bodies()[0]
    assert body["model"] == "deepseek-chat" and body["response_format"] == {"type": "json_object"}
    assert '"sections"' in body["messages"][0]["content"] and gen.calls[0].provider == "deepseek"


@respx.mock
def test_anthropic_success_through_a_forced_tool_call(brief, song_json, tmp_path):
    script = Script(ok(anthropic_body(json.loads(song_json))))
    respx.post(f"{ANTHROPIC_URL}/v1/messages").mock(side_effect=script)
    gen = router("anthropic", tmp_path)[0].generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(gen) == [("anthropic", "ok")] and gen.result.sections
    body = script.bodies()[0]
    assert body["tool_choice"] == {"type": "tool", "name": "Lyrics"}
    assert body["tools"][0]["input_schema"]["properties"]["title"]["type"] == "string"
    assert script.requests[0].headers["x-api-key"] == SECRETS["ANTHROPIC_API_KEY"]
    assert gen.calls[0].cost_usd == pytest.approx((900 * 1.0 + 480 * 5.0) / 1e6)


@pytest.mark.slow
@respx.mock
def test_gemini_success_with_a_response_schema(brief, song_json, tmp_path):
    script = Script(ok(gemini_body(song_json)))
    respx.post(url__regex=rf"{GEMINI_URL}/.*gemini-2.5-flash:generateContent").mock(side_effect=script)
    gen = router("gemini", tmp_path)[0].generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(gen) == [("gemini", "ok")] and gen.result.sections
    body = script.bodies()[0]
    assert body["generationConfig"]["responseMimeType"] == "application/json"
    assert "responseJsonSchema" in body["generationConfig"]
    assert (gen.calls[0].tokens_in, gen.calls[0].tokens_out) == (850, 470)


@respx.mock
def test_500_is_retried_then_answered(brief, song_json, tmp_path):
    script = Script(error(500), error(503), ok(openai_body(song_json)))
    respx.post(f"{OPENAI_URL}/chat/completions").mock(side_effect=script)
    r, sleeps = router("openai,offline", tmp_path, backoff_initial_s=0.01)
    gen = r.generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(gen) == [("openai", "error"), ("openai", "error"), ("openai", "ok")]
    assert "HTTP 500" in gen.calls[0].error and len(sleeps) == 2 and len(script.requests) == 3


@respx.mock
def test_429_retry_after_is_honoured(brief, song_json, tmp_path):
    script = Script(error(429, "slow down", **{"retry-after": "4"}), ok(anthropic_body(json.loads(song_json))))
    respx.post(f"{ANTHROPIC_URL}/v1/messages").mock(side_effect=script)
    r, sleeps = router("anthropic", tmp_path)
    gen = r.generate("lyrics", brief, Lyrics, CTX)
    assert sleeps == [4.0] and outcomes(gen) == [("anthropic", "error"), ("anthropic", "ok")]


@pytest.mark.slow
@respx.mock
def test_gemini_429_retry_after_is_honoured(brief, song_json, tmp_path):
    script = Script(error(429, "quota", **{"retry-after": "2"}), ok(gemini_body(song_json)))
    respx.post(url__regex=rf"{GEMINI_URL}/.*:generateContent").mock(side_effect=script)
    r, sleeps = router("gemini", tmp_path)
    assert outcomes(r.generate("lyrics", brief, Lyrics, CTX))[-1] == ("gemini", "ok") and sleeps == [2.0]


@respx.mock
def test_timeouts_fall_back_after_retries(brief, tmp_path):
    respx.post(f"{OPENAI_URL}/chat/completions").mock(side_effect=httpx.ReadTimeout("read timed out"))
    respx.post(url__regex=rf"{GEMINI_URL}/.*").mock(side_effect=httpx.ConnectTimeout("connect timed out"))
    r, _ = router("openai,gemini,offline", tmp_path, backoff_initial_s=0.01, max_attempts=3)
    gen = r.generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(gen) == [("openai", "error")] * 3 + [("gemini", "error")] * 3 + [("offline", "ok")]
    assert "timed out" in gen.calls[0].error and "timed out" in gen.calls[3].error


@respx.mock
def test_malformed_json_is_repaired_once(brief, song_json, tmp_path):
    script = Script(ok(openai_body('{"title": "Half')), ok(openai_body(song_json)))
    respx.post(f"{OPENAI_URL}/chat/completions").mock(side_effect=script)
    gen = router("openai,offline", tmp_path)[0].generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(gen) == [("openai", "invalid"), ("openai", "ok")]
    repair = script.bodies()[1]["messages"]
    assert repair[2] == {"role": "assistant", "content": '{"title": "Half'} and "invalid" in repair[3]["content"]


@respx.mock
def test_schema_invalid_twice_falls_back(brief, tmp_path):
    bad = json.dumps({"title": "X", "theme": "t", "rhyme_scheme": "AABB", "meter_syllables": 40, "sections": []})
    respx.post(f"{ANTHROPIC_URL}/v1/messages").mock(side_effect=Script(ok(anthropic_body(json.loads(bad)))))
    gen = router("anthropic,offline", tmp_path)[0].generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(gen) == [("anthropic", "invalid"), ("anthropic", "invalid"), ("offline", "ok")]
    assert "meter_syllables" in gen.calls[0].error


@respx.mock
def test_refusals_fall_back_without_retry(brief, song_json, tmp_path):
    openai_route = respx.post(f"{OPENAI_URL}/chat/completions").mock(
        side_effect=Script(ok(openai_body(None, refusal="I can't help with that.")))
    )
    anthropic_route = respx.post(f"{ANTHROPIC_URL}/v1/messages").mock(
        side_effect=Script(ok(anthropic_body(None, stop_reason="refusal")))
    )
    gemini_route = respx.post(url__regex=rf"{GEMINI_URL}/.*").mock(side_effect=Script(ok(gemini_body(None, "SAFETY"))))
    gen = router("openai,anthropic,gemini,offline", tmp_path)[0].generate("lyrics", brief, Lyrics, CTX)
    assert outcomes(gen) == [
        ("openai", "refusal"),
        ("anthropic", "refusal"),
        ("gemini", "refusal"),
        ("offline", "ok"),
    ]
    assert openai_route.call_count == anthropic_route.call_count == gemini_route.call_count == 1


@respx.mock
def test_auth_errors_fall_back_at_once_and_are_named(brief, tmp_path):
    respx.post(f"{OPENAI_URL}/chat/completions").mock(side_effect=Script(error(401, "Incorrect API key provided")))
    respx.post(f"{ANTHROPIC_URL}/v1/messages").mock(side_effect=Script(error(403, "forbidden")))
    r, sleeps = router("openai,anthropic", tmp_path)
    with pytest.raises(WriterError) as info:
        r.generate("lyrics", brief, Lyrics, CTX)
    message = str(info.value)
    assert "openai: HTTP 401 (auth)" in message and "anthropic: HTTP 403 (auth)" in message
    assert "openai: openai" not in message  # the provider is named once
    assert sleeps == []


@respx.mock
def test_circuit_breaker_stops_calling_a_dead_provider(brief, tmp_path):
    route = respx.post(f"{OPENAI_URL}/chat/completions").mock(side_effect=Script(error(502)))
    r, _ = router("openai,offline", tmp_path, max_attempts=2, backoff_initial_s=0.01)
    for _ in range(3):  # three failed calls (two attempts each) open the circuit
        r.generate("lyrics", brief, Lyrics, CTX)
    gen = r.generate("lyrics", brief, Lyrics, CTX)
    assert route.call_count == 6 and outcomes(gen) == [("openai", "circuit_open"), ("offline", "ok")]


@respx.mock
def test_a_two_second_blip_changes_no_provider(brief, song_json, tmp_path):
    """500; 429 with Retry-After: 1; 500; then answers — the piece is still written by the paid model."""
    script = Script(error(500), error(429, "slow down", **{"retry-after": "1"}), error(500), ok(openai_body(song_json)))
    route = respx.post(f"{OPENAI_URL}/chat/completions").mock(side_effect=script)
    r, sleeps = router("openai,offline", tmp_path)
    gen = r.generate("lyrics", brief, Lyrics, CTX)
    assert gen.provider == "openai" and gen.fallback is None and route.call_count == 4
    assert sleeps[1] == 1.0 and sum(sleeps) < RouterPolicy().retry_budget_s
    again = r.generate("lyrics", brief, Lyrics, CTX, regenerate=True)  # and the breaker stayed closed
    assert outcomes(again) == [("openai", "ok")]


@respx.mock
def test_cache_answers_the_second_identical_request_without_http(brief, song_json, tmp_path):
    route = respx.post(f"{OPENAI_URL}/chat/completions").mock(side_effect=Script(ok(openai_body(song_json))))
    r, _ = router("openai,offline", tmp_path)
    first = r.generate("lyrics", brief, Lyrics, CTX)
    second = router("openai,offline", tmp_path)[0].generate("lyrics", brief, Lyrics, CTX)  # a new process, same file
    assert route.call_count == 1 and second.result == first.result and outcomes(second) == [("openai", "cache")]


def test_missing_keys_make_providers_unavailable_not_fatal(monkeypatch, brief, tmp_path):
    monkeypatch.delenv("OPENAI_API_KEY")
    r, _ = router("openai,offline", tmp_path)
    assert [p.name for p in r.providers] == ["offline"] and "OPENAI_API_KEY is not set" in r.unavailable["openai"]
    chain, unavailable = build_chain(parse_specs("openai"), timeout_s=1)
    assert chain == [] and unavailable == {"openai": "OPENAI_API_KEY is not set"}  # reported, never raised here


def test_default_order_is_every_keyed_provider_then_offline(monkeypatch):
    assert default_order() == ["openai", "anthropic", "gemini", "deepseek", "offline"]
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    monkeypatch.setenv("MISTRAL_API_KEY", "x")
    assert default_order() == ["openai", "gemini", "deepseek", "mistral", "offline"]
    assert parse_specs("openai:gpt-4.1, ollama:qwen2.5 ,offline") == [
        ("openai", "gpt-4.1"),
        ("ollama", "qwen2.5"),
        ("offline", None),
    ]
    with pytest.raises(ValueError, match="unknown writer provider 'gpt5'"):
        parse_specs("gpt5")


@respx.mock
def test_local_openai_compatible_server_needs_no_key(monkeypatch, brief, song_json, tmp_path):
    monkeypatch.setenv("OLLAMA_BASE_URL", "http://127.0.0.1:11434/v1")
    script = Script(ok(openai_body(song_json, model="qwen2.5")))
    respx.post("http://127.0.0.1:11434/v1/chat/completions").mock(side_effect=script)
    provider = build_provider("ollama", "qwen2.5")
    assert not provider.paid
    gen = WriterRouter([provider]).generate("lyrics", brief, Lyrics, CTX)
    assert gen.calls[0].cost_usd == 0 and script.bodies()[0]["model"] == "qwen2.5"


@respx.mock
def test_no_secret_reaches_logs_errors_or_the_ledger(brief, song_json, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    respx.post(f"{OPENAI_URL}/chat/completions").mock(side_effect=Script(error(401, "Incorrect API key provided")))
    respx.post(f"{ANTHROPIC_URL}/v1/messages").mock(
        side_effect=Script(error(500), ok(anthropic_body(json.loads(song_json))))
    )
    respx.post(url__regex=rf"{GEMINI_URL}/.*").mock(side_effect=httpx.ReadTimeout("timeout"))
    r, _ = router("openai,gemini,anthropic", tmp_path, backoff_initial_s=0.01)
    gen = r.generate("lyrics", brief, Lyrics, CTX)
    with pytest.raises(WriterError) as info:
        router("openai", tmp_path)[0].generate("critique", _critique_brief(brief), _critique_schema(), CTX)
    haystack = "\n".join(
        [
            caplog.text,
            str(info.value),
            *(c.model_dump_json() for c in gen.calls),
            (tmp_path / "router.sqlite").read_bytes().decode("latin-1"),
        ]
    )
    for secret in SECRETS.values():
        assert secret not in haystack


def _critique_brief(brief):
    from ai_artist_dagster.domain.writer import write_lyrics
    from ai_artist_dagster.lib.schemas import CritiqueBrief
    from ai_artist_dagster_tests.test_writer import MEASURES

    return CritiqueBrief(
        profile=brief.profile, lyrics=write_lyrics(brief), trend=brief.trend, measures=MEASURES, seed=1
    )


def _critique_schema():
    from ai_artist_dagster.lib.schemas import Critique

    return Critique


def test_offline_chat_is_deterministic_and_counts_tokens(brief):
    from ai_artist_dagster.domain.prompts import render_prompt
    from ai_artist_dagster.providers.writer.schema import portable_schema

    prompt = render_prompt("lyrics", brief, Lyrics, portable_schema(Lyrics))
    request = ChatRequest(task="lyrics", prompt=prompt, brief=brief)
    a, b = OfflineWriter().chat(request), OfflineWriter().chat(request)
    assert a == b and a.tokens_in > 300 and a.tokens_out > 100


def test_profile_schema_is_portable():
    from ai_artist_dagster.providers.writer.schema import portable_schema

    schema = portable_schema(ArtistProfile)
    text = json.dumps(schema)
    assert "$ref" not in text and "prefixItems" not in text
    assert schema["properties"]["tempo_range"] == {
        "type": "array",
        "items": {"type": "integer"},
        "minItems": 2,
        "maxItems": 2,
    }


def test_resource_reports_configuration_errors_clearly(isolated_env, monkeypatch):
    import dagster as dg

    from ai_artist_dagster.defs.resources import WriterResource

    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(dg.Failure, match=r"no writer provider is usable: \{'openai': 'OPENAI_API_KEY is not set'\}"):
        WriterResource(providers="openai").router()
    with pytest.raises(dg.Failure, match="unknown tasks \\['lyric'\\]"):
        WriterResource(providers="offline", routes="lyric=offline").router()
    with pytest.raises(dg.Failure, match="unknown writer provider 'chatgpt'"):
        WriterResource(providers="chatgpt").router()
    r = WriterResource(providers="auto", routes="critique=anthropic,offline").router()
    assert [p.name for p in r.providers] == ["anthropic", "gemini", "deepseek", "offline"]
    assert [p.name for p in r.route("critique")] == ["anthropic", "offline"]
    assert r.state.path == isolated_env / "data" / "llm" / "router.sqlite"
