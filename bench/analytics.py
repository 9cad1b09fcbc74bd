"""The evolution and metrics queries over 10 M synthetic metric rows, in DuckDB (bar ≤ 1 s each)
and the same work in pandas on the same data (loaded beforehand, not timed).

Synthetic warehouse, 10 M evidence rows: 1.25 M pieces by 2,000 artists, each with 5 arm
assignments (6.25 M), a pending and a final review decision (2.5 M) and a critique (1.25 M); plus
the pieces' lyrics rows, three profile versions per artist and 312 k distributor report rows.
Run alone: `python bench/analytics.py`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PIECES = 1_250_000
ARTISTS = 2_000
AS_OF = "2026-01-01"

FILL = f"""
INSERT INTO artists SELECT 'artist-' || i, 'Artist ' || i, CASE WHEN i % 10 = 0 THEN 'paused' ELSE 'active' END, i % 2 = 0,
    json_object('genre', ['pop','rock','opm','hip hop','latin'][i % 5 + 1]), DATE '2018-01-01', NULL, 0, 0,
    now()::TIMESTAMP, NULL, NULL FROM range({ARTISTS}) t(i);
INSERT INTO profile_versions SELECT 'artist-' || i, v, '{{}}', '', 'offline', now()::TIMESTAMP,
    DATE '2018-01-01' + INTERVAL (v * 200) DAY, NULL, NULL FROM range({ARTISTS}) t(i), range(1, 4) s(v);
CREATE TEMP TABLE p AS SELECT i, 'artist-' || (i % {ARTISTS}) AS artist_id,
    DATE '2018-01-01' + INTERVAL (i * 2900 // {PIECES}) DAY AS date FROM range({PIECES}) t(i);
INSERT INTO lyrics SELECT strftime(date, '%Y-%m-%d') || '__' || artist_id, date, artist_id, 'Song ' || i,
    ['night','home','light'][i % 3 + 1], ['A','B'][i % 2 + 1], 'ABAB', 16, '{{}}', 'offline', '', now()::TIMESTAMP, NULL,
    1 + (date > DATE '2018-07-20')::INT + (date > DATE '2019-02-05')::INT, NULL FROM p;
INSERT INTO arm_assignments SELECT strftime(date, '%Y-%m-%d') || '__' || artist_id, date, artist_id, d.dim,
    d.arms[(hash(i, d.dim) % len(d.arms))::BIGINT + 1], 'thompson', 0.5, 1 + (date > DATE '2018-07-20')::INT
        + (date > DATE '2019-02-05')::INT, now()::TIMESTAMP
    FROM p, (VALUES ('prompt_variant', ['A','B']), ('tempo_offset', ['-6','+0','+6']), ('instrumentation', ['full','sparse']),
                    ('energy', ['0.55','0.7','0.85']), ('video_style', ['pulse','rings'])) d(dim, arms);
INSERT INTO review_decisions SELECT 'p' || i, strftime(date, '%Y-%m-%d') || '__' || artist_id, date, artist_id,
    'pending', 'system', NULL, TIMESTAMP '2026-01-01' + INTERVAL (i) SECOND FROM p;
INSERT INTO review_decisions SELECT 'd' || i, strftime(date, '%Y-%m-%d') || '__' || artist_id, date, artist_id,
    ['approved','rejected','approved','regenerate'][(hash(i) % 4)::BIGINT + 1], CASE WHEN i % 5 = 0 THEN 'autopilot' ELSE 'shell:x' END,
    NULL, TIMESTAMP '2026-01-01' + INTERVAL (i + 1) SECOND FROM p;
INSERT INTO reflections SELECT strftime(date, '%Y-%m-%d') || '__' || artist_id, date, artist_id, (hash(i) % 100) / 10.0,
    '', '[]', '[]', '[]', '{{}}', 'offline', now()::TIMESTAMP, NULL, NULL, NULL, NULL FROM p;
INSERT INTO performance SELECT 'r', i, 'native', date, 'Spotify', 'PH', NULL, NULL, NULL, NULL, 1000, 3.5,
    NULL, artist_id, NULL, now()::TIMESTAMP, 'day' FROM p WHERE i % 4 = 0;
"""


def build(path: Path) -> None:
    from ai_artist_dagster.lib.warehouse import Warehouse

    with Warehouse(path).write() as con:
        con.execute("SET enable_progress_bar = false")
        for statement in FILL.split(";"):
            if statement.strip():
                con.execute(statement)


def _best(fn, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def pandas_arm_evidence(frames: dict) -> object:
    """ARM_EVIDENCE by hand: final decision per piece, reward and weight, current version, group."""
    import numpy as np

    d = frames["review_decisions"]
    d = d[d["date"] < AS_OF]
    final = d.sort_values(["piece_id", "decided_at", "decision_id"]).drop_duplicates("piece_id", keep="last")
    final = final[final["decision"].isin(["approved", "rejected", "regenerate"])]
    final = final.merge(frames["reflections"][["piece_id", "score"]], on="piece_id", how="left")
    auto = final["decided_by"] == "autopilot"
    final["reward"] = np.where(auto, final["score"].fillna(5.0) / 10, (final["decision"] == "approved").astype(float))
    final["weight"] = np.where(auto, 0.25, 1.0)
    versions = frames["profile_versions"]
    current = versions[versions["effective_on"] <= AS_OF].groupby("artist_id")["version"].max().rename("current")
    a = frames["arm_assignments"].merge(final[["piece_id", "reward", "weight"]], on="piece_id")
    a = a.join(current, on="artist_id")
    a = a[(a["dimension"] != "tempo_offset") | (a["profile_version"] == a["current"])]
    a["success"] = a["reward"] * a["weight"]
    return a.groupby(["artist_id", "dimension", "arm"]).agg(
        pieces=("piece_id", "size"), trials=("weight", "sum"), successes=("success", "sum")
    )


def run() -> list[tuple[str, str, str, str]]:
    import duckdb

    from ai_artist_dagster.domain.evolution.queries import (
        ARM_EVIDENCE,
        ARTIST_METRICS,
        arm_evidence_params,
        artist_metrics_params,
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        build(path)
        built = time.perf_counter() - start
        con = duckdb.connect(str(path), read_only=True)
        con.execute("SET enable_progress_bar = false")
        n = sum(
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("arm_assignments", "review_decisions", "reflections")
        )
        evidence = _best(lambda: con.execute(ARM_EVIDENCE, arm_evidence_params(AS_OF, 0.25)).fetchall())
        groups = len(con.execute(ARM_EVIDENCE, arm_evidence_params(AS_OF, 0.25)).fetchall())
        metrics = _best(lambda: con.execute(ARTIST_METRICS, artist_metrics_params(AS_OF, 0.25)).fetchall())
        tables = ("review_decisions", "reflections", "profile_versions", "arm_assignments")
        frames = {t: con.execute(f"SELECT * FROM {t}").df() for t in tables}
        for f in frames.values():
            for col in ("date", "effective_on"):
                if col in f:
                    f[col] = f[col].astype("datetime64[ns]")
        pandas = _best(lambda: pandas_arm_evidence(frames), repeats=1)
        con.close()
    label = (
        f"{n / 1e6:.1f} M metric rows (arm assignments, decisions, critiques of 1.25 M pieces; built in {built:.0f} s)"
    )
    return [
        (
            f"evolution query (arm evidence per artist × dimension × arm) over {label}",
            f"{evidence:.2f} s",
            f"bar ≤ 1 s; {groups:,} groups",
            f"pandas doing the same on the same data (already loaded): {pandas:.2f} s",
        ),
        (
            "metrics query (artist_metrics: reviews, streaks, critic, audio, sales, costs per artist), same data",
            f"{metrics:.2f} s",
            "bar ≤ 1 s",
            "—",
        ),
    ]


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
