"""A simulated month of daily cycles on the offline defaults, with a reviewer who prefers faster
songs and lyric prompt B: the preferred arms win and the profiles drift toward the faster tempo.
And two weeks on autopilot, where only the critic's parts are evidence: the arms move on them.

Each simulated day runs the real Dagster assets that make and use the evidence — metrics, arm
posteriors, evolution and the roster for the day, then each scheduled artist's lyrics (which draw
the piece's arms by Thompson sampling) and review request — and the reviewer decides as the shell
review does. Audio and video are left out: the reviewer's policy reads only the arms, and the
full content chain is covered by test_cycle.py.
"""

import datetime as dt
import random

import dagster as dg
import pytest

from ai_artist_dagster.lib.seeds import seed_of
from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows

pytestmark = pytest.mark.slow  # full runs, subprocesses or servers: `make test` runs them, `make test-fast` not

FIRST_DAY = dt.date(2020, 2, 1)
DAYS = 28


def reviewer_approves(arms: dict[str, str], pid: str) -> bool:
    """The simulated reviewer: likes +6 bpm a lot and prompt B a little."""
    p = 0.3 + 0.5 * (arms["tempo_offset"] == "+6") + 0.15 * (arms["prompt_variant"] == "B")
    return random.Random(seed_of("reviewer", pid)).random() < p


def simulate(root, days: int, decide, autopilot: bool = False):
    """``days`` simulated days from FIRST_DAY with two artists a day; ``decide(wh, pid, day,
    artist_id, arms)`` records what happens to each piece (a person's decision, or the critic's
    reflection when the piece was approved on autopilot). Yields (warehouse, tempo at start, end)."""
    from ai_artist_dagster.definitions import defs as load_defs
    from ai_artist_dagster.lib import paths
    from ai_artist_dagster.lib.partitions import artist_day_key

    # undone even when the month fails to build (its settings must not leak into later tests)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AI_ARTIST_DATA_DIR", str(root / "data"))
        mp.delenv("AI_ARTIST_WAREHOUSE_PATH", raising=False)
        # two artists a day, no new ones, patient retirement
        mp.setenv("AI_ARTIST_ARTISTS_PER_DAY", "2")
        mp.setenv(
            "AI_ARTIST_SCHEDULE", "rotation"
        )  # evolution needs a piece per artist a day; calendars: test_calendar
        mp.setenv("AI_ARTIST_NEW_ARTIST_PROBABILITY", "0")
        mp.setenv("AI_ARTIST_AUTOPILOT_DEFAULT", "true" if autopilot else "false")
        mp.setenv("AI_ARTIST_RETIRE_AFTER_REJECTIONS", "8")
        job = load_defs().resolve_implicit_global_asset_job_def()
        wh = Warehouse(paths.warehouse_path())
        last = FIRST_DAY + dt.timedelta(days=days - 1)
        with dg.DagsterInstance.ephemeral() as instance:

            def run(names: list[str], partition_key=None, tags=None) -> None:
                result = job.execute_in_process(
                    instance=instance,
                    asset_selection=[dg.AssetKey(n) for n in names],
                    partition_key=partition_key,
                    tags=tags,
                )
                assert result.success

            # the month's charts, once: entries for the month and the week before, dbt, a report per day
            run(
                ["audio_features", "chart_entries"],
                tags={
                    "dagster/asset_partition_range_start": str(FIRST_DAY - dt.timedelta(days=7)),
                    "dagster/asset_partition_range_end": str(last),
                },
            )
            run(["stg_chart_entries", "stg_audio_features", "int_chart_traits", "trait_momentum"])
            for i in range(days):
                run(["trend_report"], partition_key=str(FIRST_DAY + dt.timedelta(days=i)))
            tempo_at_start: dict[str, int] = {}
            for i in range(days):
                day = str(FIRST_DAY + dt.timedelta(days=i))
                run(["artist_metrics", "variant_stats", "artist_evolution", "artist_roster"], partition_key=day)
                for row in wh.query(
                    "SELECT artist_id FROM artists a WHERE NOT EXISTS "
                    "(SELECT 1 FROM profile_versions p WHERE p.artist_id = a.artist_id)"
                ):
                    run(["artist_profiles"], partition_key=row["artist_id"])
                for row in wh.query("SELECT artist_id FROM roster_schedule WHERE date = ?", [day]):
                    artist_id = row["artist_id"]
                    if artist_id not in tempo_at_start:
                        profile = wh.query(
                            "SELECT profile->>'tempo_bpm' AS t FROM profile_versions WHERE artist_id = ? AND version = 1",
                            [artist_id],
                        )
                        tempo_at_start[artist_id] = int(profile[0]["t"])
                    run(["lyrics", "review_requests"], partition_key=artist_day_key(day, artist_id))
                    pid = f"{day}__{artist_id}"
                    arms = {
                        r["dimension"]: r["arm"]
                        for r in wh.query("SELECT dimension, arm FROM arm_assignments WHERE piece_id = ?", [pid])
                    }
                    decide(wh, pid, day, artist_id, arms)
            end = str(last + dt.timedelta(days=1))
            run(["artist_metrics", "variant_stats", "artist_evolution"], partition_key=end)
            yield wh, tempo_at_start, end


def person_decides(wh, pid, day, artist_id, arms) -> None:
    from ai_artist_dagster.components.approval.store import decision_row

    decision = "approved" if reviewer_approves(arms, pid) else "rejected"
    with wh.write() as con:
        insert_rows(con, "review_decisions", [decision_row(pid, day, artist_id, decision, "shell:sim")])


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    yield from simulate(tmp_path_factory.mktemp("month"), DAYS, person_decides)


def critic_reflects(wh, pid, day, artist_id, arms) -> None:
    """The simulated critic of an autopilot month: its text parts favour lyric prompt B, its objective
    parts the +6 bpm tempo offset (as a person favoured them above); no person decides anything."""
    from ai_artist_dagster.lib.warehouse import now

    noise = random.Random(seed_of("critic", pid))
    text = 0.55 + 0.3 * (arms["prompt_variant"] == "B") + noise.uniform(-0.1, 0.1)
    objective = 0.45 + 0.45 * (arms["tempo_offset"] == "+6") + noise.uniform(-0.1, 0.1)
    with wh.write() as con:
        insert_rows(con, "reflections", [{"piece_id": pid, "date": day, "artist_id": artist_id,
                                          "score": round(10 * (0.6 * objective + 0.4 * text), 2), "summary": "",
                                          "strengths": [], "issues": [], "suggestions": [], "measurements": "{}",
                                          "provider": "offline", "created_at": now(), "objective_score": objective,
                                          "text_score": text}])  # fmt: skip


AUTOPILOT_DAYS = 14


@pytest.fixture(scope="module")
def autopilot_month(tmp_path_factory):
    yield from simulate(tmp_path_factory.mktemp("autopilot"), AUTOPILOT_DAYS, critic_reflects, autopilot=True)


def test_on_autopilot_evolution_moves_on_the_critics_parts(autopilot_month):
    """No person decides: every piece is approved on autopilot and the critic's parts are the only
    evidence — the lyric arm learns from the text parts, the tempo arm from the objective parts."""
    wh, _, end = autopilot_month
    deciders = {r["decided_by"] for r in wh.query("SELECT DISTINCT decided_by FROM review_decisions")}
    assert "autopilot" in deciders and not {d for d in deciders if d.startswith(("shell", "telegram"))}
    pooled = {
        (r["dimension"], r["arm"]): r["posterior_mean"]
        for r in wh.query("SELECT * FROM variant_stats WHERE date = ? AND artist_id = '*'", [end])
    }
    assert pooled[("prompt_variant", "B")] > pooled[("prompt_variant", "A")]
    offsets = {arm: mean for (dim, arm), mean in pooled.items() if dim == "tempo_offset"}
    assert max(offsets, key=offsets.__getitem__) == "+6", offsets


def test_every_day_scheduled_two_pieces_with_arms(month):
    wh, tempo_at_start, _ = month
    assert len(tempo_at_start) == 2
    pieces = wh.query("SELECT count(DISTINCT piece_id) AS n FROM arm_assignments")[0]["n"]
    assert pieces == 2 * DAYS
    assert wh.query("SELECT count(*) AS n FROM arm_assignments")[0]["n"] == pieces * 5


def test_the_preferred_arms_win(month):
    wh, _, end = month
    pooled = {
        (r["dimension"], r["arm"]): r
        for r in wh.query("SELECT * FROM variant_stats WHERE date = ? AND artist_id = '*'", [end])
    }
    assert pooled[("prompt_variant", "B")]["posterior_mean"] > pooled[("prompt_variant", "A")]["posterior_mean"]
    share = wh.query(
        """SELECT avg(CASE WHEN arm = '+6' THEN 1 ELSE 0 END) FILTER (WHERE date < ?) AS early,
                  avg(CASE WHEN arm = '+6' THEN 1 ELSE 0 END) FILTER (WHERE date >= ?) AS late
           FROM arm_assignments WHERE dimension = 'tempo_offset'""",
        [str(FIRST_DAY + dt.timedelta(days=7)), str(FIRST_DAY + dt.timedelta(days=DAYS - 10))],
    )[0]
    assert share["late"] > 0.6 and share["late"] > share["early"], share  # Thompson moved traffic to +6
    b_share = wh.query(
        "SELECT avg(CASE WHEN arm = 'B' THEN 1 ELSE 0 END) AS b FROM arm_assignments "
        "WHERE dimension = 'prompt_variant' AND date >= ?",
        [str(FIRST_DAY + dt.timedelta(days=DAYS - 10))],
    )[0]["b"]
    assert b_share > 0.5


def test_profiles_drift_toward_the_preferred_tempo_and_explain_why(month):
    wh, tempo_at_start, _ = month
    for artist_id, start in tempo_at_start.items():
        versions = wh.query(
            "SELECT version, profile->>'tempo_bpm' AS tempo, previous_version, changes, creation_report, provider "
            "FROM profile_versions WHERE artist_id = ? ORDER BY version",
            [artist_id],
        )
        assert len(versions) >= 2, f"{artist_id} never evolved"
        assert int(versions[-1]["tempo"]) >= start + 6, (artist_id, [v["tempo"] for v in versions])
        evolved = versions[1]
        assert evolved["provider"] == "evolution" and evolved["previous_version"] == 1
        assert "tempo_bpm" in evolved["changes"] and "P(best)" in evolved["creation_report"]
    log = wh.query("SELECT outcome, count(*) AS n FROM evolution_log GROUP BY outcome")
    assert {r["outcome"] for r in log} >= {"waiting", "evolved"}


def test_metrics_track_the_reviews(month):
    wh, _, end = month
    rows = wh.query("SELECT * FROM artist_metrics WHERE date = ?", [end])
    decided = wh.query(
        "SELECT artist_id, count(*) FILTER (WHERE decision = 'approved') AS a, count(*) AS n "
        "FROM piece_status GROUP BY artist_id"
    )
    truth = {r["artist_id"]: r for r in decided}
    for r in rows:
        assert r["reviewed"] == truth[r["artist_id"]]["n"] == DAYS
        assert r["approvals"] == truth[r["artist_id"]]["a"]
        assert r["approval_rate"] == pytest.approx(r["approvals"] / r["reviewed"])


def test_every_query_in_the_analytics_guide_runs(month):
    from ai_artist_dagster_tests.services import documented_queries

    wh, _, _ = month
    statements = documented_queries()
    assert len(statements) >= 13
    results = [wh.query(s) for s in statements]
    questions = results[:10]
    assert sum(1 for rows in questions if rows) >= 7  # the month has no critic or sales data; the rest answer
