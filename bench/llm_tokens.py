"""Writer tokens per release and router overhead.

Two paths write the same release (profile, lyrics, critique):
- offline: the embedded writer; tokens are the ~4 characters/token estimate of the exact prompts;
- openai client: the real OpenAI SDK through the router to a local fake server on 127.0.0.1, which
  reports usage from the characters it actually received (messages + JSON schema) — what a real
  provider would bill, within the estimate's error. No network here, so no real provider is recorded.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the fakes live beside the tests

from ai_artist_dagster_tests.llm_fakes import openai_body


def _briefs():
    from ai_artist_dagster.domain.writer import write_lyrics, write_profile
    from ai_artist_dagster.lib.schemas import (
        ArtistNiche,
        CritiqueBrief,
        LyricsBrief,
        PieceMeasures,
        ProfileBrief,
        TraitMomentum,
        TrendReport,
    )

    def trait(kind, value, m):
        return TraitMomentum(trait_type=kind, trait_value=value, share=0.2, prev_share=0.2 - m, momentum=m, n_tracks=12)

    trend = TrendReport(
        chart_date=dt.date(2020, 3, 6),
        source="spotify_ph_daily",
        n_entries=200,
        rising={
            "genre": [trait("genre", g, 0.02 - i / 200) for i, g in enumerate(["hip hop", "pop", "opm"])],
            "mood": [trait("mood", m, 0.01) for m in ["warm", "euphoric", "intense"]],
            "tempo": [trait("tempo", t, 0.01) for t in ["mid (90-110 bpm)", "fast (110-130 bpm)", "slow (<90 bpm)"]],
            "key": [trait("key", k, 0.01) for k in ["B minor", "C major", "A minor"]],
        },
        top_songs=[(f"Chart Song Number {i}", f"Performer {i}") for i in range(10)],
    )
    niche = ArtistNiche(genre="pop", mood="euphoric", tempo_bpm=118, key=9, mode="minor")
    pbrief = ProfileBrief(artist_id="bench-artist", name="Bench Artist", niche=niche, trend=trend, seed=3)
    profile = write_profile(pbrief)
    lbrief = LyricsBrief(profile=profile, trend=trend, date=trend.chart_date, seed=4)
    song = write_lyrics(lbrief)
    measures = PieceMeasures(
        requested_tempo_bpm=118,
        measured_tempo_bpm=117.5,
        integrated_lufs=-14.1,
        peak_dbfs=-1.3,
        clipped_share=0.0,
        duration_s=150.0,
        key_name="A minor",
        measured_key="A minor",
        key_ok=True,
        vocals="festival-world",
        vocal_within_50=0.98,
        vocal_voiced=0.98,
        vocal_wer=0.85,
        chorus_vocal_minus_instrumental_lu=-0.8,
        chorus_minus_verse_db=4.4,
        looping_bars=6,
        captions_sung=1.0,
        video_ok=True,
    )
    cbrief = CritiqueBrief(profile=profile, lyrics=song, trend=trend, measures=measures, seed=5)
    return [("artist_profile", pbrief), ("lyrics", lbrief), ("critique", cbrief)]


class _FakeOpenAI(BaseHTTPRequestHandler):
    answers: ClassVar[dict[str, str]] = {}

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        schema_name = body["response_format"]["json_schema"]["name"]
        content = self.answers[schema_name]
        sent = sum(len(m["content"]) for m in body["messages"]) + len(json.dumps(body["response_format"]))
        reply = openai_body(content, model=body["model"], usage=(sent // 4, len(content) // 4))
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def run() -> list[tuple[str, str, str, str]]:
    from ai_artist_dagster.lib.schemas import ArtistProfile, Critique, Lyrics
    from ai_artist_dagster.providers.writer import CallContext, OfflineWriter, RouterState, WriterRouter, build_provider

    schemas = {"artist_profile": ArtistProfile, "lyrics": Lyrics, "critique": Critique}
    briefs = _briefs()
    ctx = CallContext(run_id="bench", partition_key="bench")
    tmp = Path(tempfile.mkdtemp())

    offline = WriterRouter([OfflineWriter()], state=RouterState(tmp / "offline.sqlite"))
    start = time.perf_counter()
    gens = [offline.generate(task, brief, schemas[task], ctx) for task, brief in briefs]
    t_offline = (time.perf_counter() - start) / len(briefs)
    tokens_offline = {g.prompt.task: (g.calls[-1].tokens_in, g.calls[-1].tokens_out) for g in gens}
    _FakeOpenAI.answers = {g.prompt.schema_name: g.result.model_dump_json() for g in gens}

    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    saved = {k: os.environ.get(k) for k in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    os.environ.update(OPENAI_API_KEY="bench-not-a-key", OPENAI_BASE_URL=f"http://127.0.0.1:{server.server_port}/v1")
    try:
        router = WriterRouter([build_provider("openai")], state=RouterState(tmp / "sdk.sqlite"))
        start = time.perf_counter()
        sdk = [router.generate(task, brief, schemas[task], ctx) for task, brief in briefs]
        t_sdk = (time.perf_counter() - start) / len(briefs)
        start = time.perf_counter()
        cached = [router.generate(task, brief, schemas[task], ctx) for task, brief in briefs]
        t_cache = (time.perf_counter() - start) / len(briefs)
    finally:
        server.shutdown()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert all(g.calls[-1].outcome == "cache" for g in cached)
    tokens_sdk = {g.prompt.task: (g.calls[-1].tokens_in, g.calls[-1].tokens_out) for g in sdk}
    cost = sum(c.cost_usd for g in sdk for c in g.calls)

    def per_release(tokens):
        song = sum(sum(tokens[t]) for t in ("lyrics", "critique"))
        return f"{song:,} (+{sum(tokens['artist_profile']):,} once per artist for the profile)"

    return [
        (
            "writer tokens per release, offline path (lyrics + critique)",
            per_release(tokens_offline),
            "in/out: " + ", ".join(f"{t} {i}/{o}" for t, (i, o) in tokens_offline.items()),
            "estimate: 4 chars/token",
        ),
        (
            "writer tokens per release, OpenAI client → local fake API",
            per_release(tokens_sdk),
            "in/out: " + ", ".join(f"{t} {i}/{o}" for t, (i, o) in tokens_sdk.items()),
            f"schema + framing add {sum(tokens_sdk[t][0] - tokens_offline[t][0] for t in tokens_sdk):,} input tokens; "
            f"≈ ${cost:.5f} per artist's first release at gpt-4.1-mini list prices",
        ),
        (
            "router overhead per call",
            f"offline {t_offline * 1000:.1f} ms; SDK + HTTP {t_sdk * 1000:.1f} ms",
            f"cache hit {t_cache * 1000:.1f} ms",
            "SDK figure includes its first-call imports",
        ),
    ]


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
