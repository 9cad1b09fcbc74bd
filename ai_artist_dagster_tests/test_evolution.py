"""Evolution maths without Dagster: Thompson sampling, posteriors, profile evolution, lifecycle."""

import datetime as dt
import random
from collections import Counter

import pytest

from ai_artist_dagster.domain.evolution.arms import DIMENSIONS, ArmAssignment
from ai_artist_dagster.domain.evolution.bandit import ArmEvidence, posteriors, thompson_choice
from ai_artist_dagster.domain.evolution.evolve import (
    EvolutionEvidence,
    EvolutionRules,
    ThemeEvidence,
    not_ready,
    propose_evolution,
)
from ai_artist_dagster.domain.evolution.experiment import assign_arms
from ai_artist_dagster.domain.roster import LifecycleStats, RosterRules, next_status, plan_roster
from ai_artist_dagster.lib.schemas import ArtistNiche, ArtistRecord

ARMS = ("-6", "+0", "+6")


def test_thompson_follows_the_evidence_but_keeps_exploring():
    evidence = {
        "-6": ArmEvidence(successes=2, trials=20),
        "+0": ArmEvidence(successes=5, trials=20),
        "+6": ArmEvidence(successes=16, trials=20),
    }
    rng = random.Random(1)
    picks = [thompson_choice(ARMS, evidence, rng, floor=0.15) for _ in range(4000)]
    counts = Counter(c.arm for c in picks)
    assert counts["+6"] / 4000 > 0.85
    explored = [c for c in picks if c.method == "explore"]
    assert 0.12 < len(explored) / 4000 < 0.18
    assert Counter(c.arm for c in explored)["-6"] > 100  # the floor keeps every arm alive


def test_without_evidence_every_arm_is_equally_likely():
    rng = random.Random(2)
    counts = Counter(thompson_choice(ARMS, {}, rng, floor=0.1).arm for _ in range(3000))
    assert all(900 < n < 1100 for n in counts.values())


def test_posteriors_have_credible_intervals_and_a_best_arm_probability():
    evidence = {"A": ArmEvidence(successes=30, trials=40), "B": ArmEvidence(successes=10, trials=40)}
    out = {p.arm: p for p in posteriors(evidence, {"A": 40, "B": 40})}
    assert out["A"].alpha == 31 and out["A"].beta == 11
    assert out["A"].mean == pytest.approx(31 / 42, abs=1e-4)
    assert out["A"].ci_low < out["A"].mean < out["A"].ci_high
    assert out["B"].ci_high < out["A"].ci_low  # clearly separated at 90 %
    assert out["A"].prob_best > 0.99 and out["A"].prob_best + out["B"].prob_best == pytest.approx(1)


def test_fractional_autopilot_evidence_is_a_valid_posterior():
    ev = ArmEvidence(successes=0.25 * 0.8, trials=0.25)  # one autopilot piece the critic scored 8/10
    assert ev.alpha == pytest.approx(1.2) and ev.beta == pytest.approx(1.05)


def test_assignment_has_one_valid_arm_per_dimension_and_is_reproducible():
    own = {"prompt_variant": {"B": ArmEvidence(successes=9, trials=10), "A": ArmEvidence(successes=1, trials=10)}}
    first, choices = assign_arms(own, {}, seed=42)
    again, _ = assign_arms(own, {}, seed=42)
    assert first == again and set(first.arms) == set(DIMENSIONS) == set(choices)
    params = first.music_params()
    assert params.tempo_offset_bpm in (-6, 0, 6) and first.video_style in ("pulse", "rings")
    with pytest.raises(ValueError, match="tempo_offset"):
        ArmAssignment(arms={**first.arms, "tempo_offset": "+60"})


def _evidence(profile, **kw) -> EvolutionEvidence:
    base = dict(
        date=dt.date(2020, 3, 20),
        first_tempo_bpm=profile.tempo_bpm,
        days_since_version=10,
        reviews_since_version=10,
        approval_rate_since_version=0.6,
        tempo_arms=[],
        themes={},
        rising_moods=[profile.mood],
    )
    return EvolutionEvidence(**{**base, **kw})


def _tempo_arms(best: str, p_best: float):
    return [
        {
            "arm": a,
            "pieces": 5,
            "trials": 5.0,
            "successes": 4.0 if a == best else 1.0,
            "alpha": 1,
            "beta": 1,
            "mean": 0.7 if a == best else 0.3,
            "ci_low": 0.1,
            "ci_high": 0.9,
            "prob_best": p_best if a == best else (1 - p_best) / 2,
        }
        for a in ARMS
    ]


def test_tempo_moves_toward_the_winning_arm_keeping_the_core_identity(profile):
    evidence = _evidence(profile, tempo_arms=_tempo_arms("+6", 0.9))
    proposal = propose_evolution(profile, evidence, EvolutionRules())
    new = proposal.profile
    assert new.version == profile.version + 1 and new.tempo_bpm == profile.tempo_bpm + 6
    assert new.tempo_range[0] <= new.tempo_bpm <= new.tempo_range[1]
    for kept in ("artist_id", "name", "backstory", "genre", "key", "mode", "personality"):
        assert getattr(new, kept) == getattr(profile, kept)
    md = proposal.markdown(evidence)
    assert "tempo_bpm" in md and "P(best)" in md and "90%" in md


def test_no_change_without_confidence_or_enough_evidence(profile):
    rules = EvolutionRules()
    assert propose_evolution(profile, _evidence(profile, tempo_arms=_tempo_arms("+6", 0.6)), rules) is None
    assert propose_evolution(profile, _evidence(profile, tempo_arms=_tempo_arms("+0", 0.95)), rules) is None
    assert "needs 6" in not_ready(profile, _evidence(profile, reviews_since_version=3), rules)
    assert "days old" in not_ready(profile, _evidence(profile, days_since_version=2), rules)


def test_tempo_drift_is_capped_from_the_first_version(profile):
    evidence = _evidence(profile, first_tempo_bpm=profile.tempo_bpm - 22, tempo_arms=_tempo_arms("+6", 0.95))
    new = propose_evolution(profile, evidence, EvolutionRules(max_tempo_drift=24)).profile
    assert new.tempo_bpm == profile.tempo_bpm + 2


def test_low_approval_follows_the_rising_mood_and_keeps_the_signature_colour(profile):
    evidence = _evidence(profile, approval_rate_since_version=0.2, rising_moods=["melancholic"])
    new = propose_evolution(profile, evidence, EvolutionRules()).profile
    assert new.mood == "melancholic" and new.visual_palette[0] == profile.visual_palette[0]
    assert new.visual_palette != profile.visual_palette


def test_a_theme_only_ever_rejected_gives_way(profile):
    loser, winner = profile.themes[0], profile.themes[1]
    evidence = _evidence(profile, themes={loser: ThemeEvidence(rejected=3), winner: ThemeEvidence(approved=3)})
    new = propose_evolution(profile, evidence, EvolutionRules()).profile
    assert loser not in new.themes and new.themes[0] == winner and len(new.themes) == len(profile.themes)


def _record(status="active", since=dt.date(2020, 3, 1)) -> ArtistRecord:
    niche = ArtistNiche(genre="pop", mood="warm", tempo_bpm=100, key=0, mode="major")
    return ArtistRecord(
        artist_id="a",
        name="A",
        status=status,
        autopilot=False,
        niche=niche,
        created_on=dt.date(2020, 1, 1),
        status_since=since,
    )


def test_lifecycle_pause_wake_retire():
    rules = RosterRules(pause_below_approval=0.25, pause_min_reviews=4, pause_days=7, retire_after_rejections=3)
    day = dt.date(2020, 3, 5)
    low = LifecycleStats(approvals=1, consecutive_rejections=2, recent_reviews=5, recent_approval_rate=0.2)
    assert next_status(_record(), low, day, rules)[0] == "paused"
    assert next_status(_record(), LifecycleStats(recent_reviews=3, recent_approval_rate=0.0), day, rules) is None
    assert next_status(_record("paused", since=dt.date(2020, 3, 1)), low, day, rules) is None  # resting
    assert next_status(_record("paused", since=dt.date(2020, 2, 20)), low, day, rules)[0] == "active"
    assert next_status(_record(), LifecycleStats(consecutive_rejections=3), day, rules)[0] == "retired"
    assert next_status(_record("candidate"), LifecycleStats(approvals=1), day, rules)[0] == "active"


def test_paused_artists_are_not_scheduled(trend):
    rules = RosterRules(artists_per_day=1, new_artist_probability=0.0)
    artists = [_record("active", since=dt.date(2020, 3, 1))]
    stats = {"a": LifecycleStats(approvals=1, recent_reviews=6, recent_approval_rate=0.0)}
    decision = plan_roster(artists, trend, dt.date(2020, 3, 6), rules, seed=1, stats=stats)
    assert decision.transitions[0].new == "paused"
    assert "a" not in [aid for aid, _ in decision.scheduled] and len(decision.created) == 1


def test_on_autopilot_the_lyric_arm_learns_from_the_text_parts_and_the_music_arms_from_the_sound(tmp_path):
    """No human decided: the critic's parts that an arm can move are its reward, not the total."""
    from ai_artist_dagster.domain.evolution.queries import ARM_EVIDENCE, arm_evidence_params
    from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows, now

    wh = Warehouse(tmp_path / "w.duckdb")
    day, pid = dt.date(2020, 3, 1), "2020-03-01__a"
    with wh.write() as con:
        insert_rows(con, "review_decisions", [{"decision_id": "d1", "piece_id": pid, "date": day, "artist_id": "a",
                                                "decision": "approved", "decided_by": "autopilot", "feedback": None,
                                                "decided_at": now()}])  # fmt: skip
        insert_rows(con, "reflections", [{"piece_id": pid, "date": day, "artist_id": "a", "score": 6.0, "summary": "",
                                          "strengths": [], "issues": [], "suggestions": [], "measurements": "{}",
                                          "provider": "offline", "created_at": now(), "objective_score": 0.9,
                                          "text_score": 0.2}])  # fmt: skip
        insert_rows(con, "arm_assignments", [{"piece_id": pid, "date": day, "artist_id": "a", "dimension": d,
                                              "arm": arm, "method": "explore", "sample": None, "profile_version": 1,
                                              "assigned_at": now()}
                                             for d, arm in (("prompt_variant", "B"), ("energy", "0.7"))])  # fmt: skip
    rows = {r["dimension"]: r for r in wh.query(ARM_EVIDENCE, arm_evidence_params("2020-03-02", 0.5))}
    assert rows["prompt_variant"]["successes"] == pytest.approx(0.5 * 0.2)  # weight × the text parts
    assert rows["energy"]["successes"] == pytest.approx(0.5 * 0.9)  # weight × the objective parts
    assert rows["energy"]["trials"] == pytest.approx(0.5)
