"""The piece's experiment arms: drawn once by Thompson sampling when its lyrics are first written,
read back by the track and the teaser (a regeneration keeps them)."""

from collections import defaultdict

from ai_artist_dagster.defs.analytics.resources import EvolutionResource
from ai_artist_dagster.domain.evolution.arms import ArmAssignment
from ai_artist_dagster.domain.evolution.bandit import ArmEvidence, Choice
from ai_artist_dagster.lib.records import MissingRecordError
from ai_artist_dagster.lib.seeds import seed_of
from ai_artist_dagster.lib.warehouse import Warehouse, now


def recorded_arms(wh: Warehouse, pid: str) -> ArmAssignment | None:
    rows = wh.query("SELECT dimension, arm FROM arm_assignments WHERE piece_id = ?", [pid])
    return ArmAssignment(arms={r["dimension"]: r["arm"] for r in rows}) if rows else None


def piece_arms(wh: Warehouse, pid: str) -> ArmAssignment:
    arms = recorded_arms(wh, pid)
    if arms is None:
        raise MissingRecordError(f"arm assignment of {pid} not found in the warehouse: materialize lyrics first")
    return arms


def draw_arms(
    wh: Warehouse, evolution: EvolutionResource, pid: str, date: str, artist_id: str, profile_version: int
) -> tuple[ArmAssignment, list[dict]]:
    """Thompson draws from the evidence before ``date``: the artist's own, plus the other artists'
    at ``pooled_weight``. Returns the assignment and its `arm_assignments` rows."""
    from ai_artist_dagster.domain.evolution.experiment import assign_arms
    from ai_artist_dagster.domain.evolution.queries import ARM_EVIDENCE, arm_evidence_params

    own: dict[str, dict[str, ArmEvidence]] = defaultdict(dict)
    pooled: dict[str, dict[str, ArmEvidence]] = defaultdict(dict)
    for r in wh.query(ARM_EVIDENCE, arm_evidence_params(date, evolution.critic_weight)):
        target = own if r["artist_id"] == artist_id else pooled
        seen = target[r["dimension"]].get(r["arm"], ArmEvidence())
        target[r["dimension"]][r["arm"]] = seen.add(r["successes"], r["trials"])
    assignment, choices = assign_arms(
        own, pooled, seed_of("arms", pid), floor=evolution.exploration_floor, pooled_weight=evolution.pooled_weight
    )
    return assignment, _rows(pid, date, artist_id, profile_version, choices)


def _rows(pid: str, date: str, artist_id: str, version: int, choices: dict[str, Choice]) -> list[dict]:
    stamp = now()
    return [
        {
            "piece_id": pid,
            "date": date,
            "artist_id": artist_id,
            "dimension": dimension,
            "arm": c.arm,
            "method": c.method,
            "sample": c.sample,
            "profile_version": version,
            "assigned_at": stamp,
        }
        for dimension, c in choices.items()
    ]
