"""Assign arms to a new piece: one Thompson draw per dimension from the artist's evidence."""

from __future__ import annotations

import random
from collections.abc import Mapping

from ai_artist_dagster.domain.evolution.arms import DIMENSIONS, ArmAssignment
from ai_artist_dagster.domain.evolution.bandit import ArmEvidence, Choice, combine, thompson_choice

Evidence = Mapping[str, Mapping[str, ArmEvidence]]  # dimension -> arm -> evidence


def assign_arms(
    own: Evidence, pooled: Evidence, seed: int, floor: float = 0.1, pooled_weight: float = 0.25
) -> tuple[ArmAssignment, dict[str, Choice]]:
    """The arms of a piece, drawn reproducibly from ``seed``; ``pooled`` is every other artist's
    evidence, counted at ``pooled_weight`` so a new artist starts from what worked for the others."""
    rng = random.Random(seed)
    choices: dict[str, Choice] = {}
    for dimension, arms in DIMENSIONS.items():
        evidence = {
            arm: combine(
                own.get(dimension, {}).get(arm, ArmEvidence()),
                pooled.get(dimension, {}).get(arm, ArmEvidence()),
                pooled_weight,
            )
            for arm in arms
        }
        choices[dimension] = thompson_choice(arms, evidence, rng, floor)
    return ArmAssignment(arms={d: c.arm for d, c in choices.items()}), choices
