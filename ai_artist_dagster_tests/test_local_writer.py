"""The `local` writer: a GGUF model in this process through llama-cpp-python (optional). Without the
runtime or a model it is reported unavailable and the route goes on; with both, its reply is
constrained to the schema."""

import datetime as dt
import importlib.util
import sys

import pytest

from ai_artist_dagster.lib.schemas import Lyrics, LyricsBrief
from ai_artist_dagster.providers.writer import CallContext, RouterPolicy, RouterState, WriterRouter, build_chain
from ai_artist_dagster.providers.writer import parse_specs as specs

CTX = CallContext(run_id="run-1", partition_key="2020-03-06|nova-vale", artist_id="nova-vale")


def _router(names: str, tmp_path) -> WriterRouter:
    providers, unavailable = build_chain(specs(names), timeout_s=60)
    return WriterRouter(
        providers, state=RouterState(tmp_path / "r.sqlite"), policy=RouterPolicy(), unavailable=unavailable
    )


def test_without_a_model_or_the_runtime_local_is_unavailable_and_the_route_goes_on(
    tmp_path, monkeypatch, profile, trend
):
    monkeypatch.delenv("AI_ARTIST_LOCAL_MODEL", raising=False)
    chain, unavailable = build_chain(specs(f"local:{tmp_path / 'missing.gguf'}"), timeout_s=1)
    assert chain == [] and "no GGUF model at" in unavailable["local"]
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # as on a machine without the extra
    chain, unavailable = build_chain(specs(f"local:{model}"), timeout_s=1)
    assert chain == [] and "pip install 'ai-artist-dagster[local]'" in unavailable["local"]
    brief = LyricsBrief(profile=profile, trend=trend, date=dt.date(2020, 3, 6), seed=5)
    gen = _router(f"local:{model},offline", tmp_path).generate("lyrics", brief, Lyrics, CTX)
    assert gen.provider == "offline" and gen.result.sections


def _local_model_or_skip() -> None:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed (optional: pip install 'ai-artist-dagster[local]')")
    from ai_artist_dagster.providers.writer.base import ProviderError
    from ai_artist_dagster.providers.writer.local import model_path

    try:
        model_path()
    except ProviderError as exc:
        pytest.skip(f"no local model: {exc}")


@pytest.mark.slow
def test_a_reply_the_model_cannot_finish_falls_back_with_the_reason(tmp_path, profile, trend):
    """The model loads and answers under the schema's grammar; a reply cut at the token limit is
    refused (never half a song) and the route's next writer writes the piece, the ledger says why."""
    _local_model_or_skip()
    brief = LyricsBrief(profile=profile, trend=trend, date=dt.date(2020, 3, 6), seed=5)
    providers, _ = build_chain(specs("local,offline"), timeout_s=60)
    assert [p.name for p in providers] == ["local", "offline"] and providers[0].model.endswith(".gguf")
    router = WriterRouter(providers, state=RouterState(tmp_path / "r.sqlite"), policy=RouterPolicy(max_tokens=96))
    gen = router.generate("lyrics", brief, Lyrics, CTX)
    local = [c for c in gen.calls if c.provider == "local"]
    assert gen.provider == "offline" and gen.result.sections
    assert local and local[0].outcome == "error" and "cut at 96 tokens" in (local[0].error or "")
