"""Thompson sampling over Beta-Bernoulli arms, with an exploration floor.

Reward per reviewed piece: 1 approved / 0 rejected or sent back for regeneration by a human;
pieces approved by autopilot count as the critic's score / 10 at a lower weight (evidence, but
weaker than a person). Fractional successes are fine in a Beta posterior.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

import numpy as np
from pydantic import BaseModel

PRIOR = (1.0, 1.0)  # Beta(1, 1): uniform


class ArmEvidence(BaseModel):
    successes: float = 0.0
    trials: float = 0.0

    def add(self, successes: float, trials: float) -> ArmEvidence:
        return ArmEvidence(successes=self.successes + successes, trials=self.trials + trials)

    @property
    def alpha(self) -> float:
        return PRIOR[0] + self.successes

    @property
    def beta(self) -> float:
        return PRIOR[1] + max(0.0, self.trials - self.successes)

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)


class Choice(BaseModel):
    arm: str
    method: str  # "thompson" or "explore"
    sample: float | None = None


class Posterior(BaseModel):
    arm: str
    pieces: int
    trials: float
    successes: float
    alpha: float
    beta: float
    mean: float
    ci_low: float
    ci_high: float
    prob_best: float


def combine(own: ArmEvidence, pooled: ArmEvidence, pooled_weight: float) -> ArmEvidence:
    """The artist's own evidence plus other artists' evidence at a lower weight (a shared prior)."""
    return own.add(pooled_weight * pooled.successes, pooled_weight * pooled.trials)


def thompson_choice(
    arms: tuple[str, ...], evidence: Mapping[str, ArmEvidence], rng: random.Random, floor: float
) -> Choice:
    """Explore uniformly with probability ``floor``; otherwise draw each arm's success rate from its
    posterior and take the best draw. Every arm keeps at least ``floor / len(arms)`` of the traffic."""
    if rng.random() < floor:
        return Choice(arm=rng.choice(arms), method="explore")
    draws = {
        a: rng.betavariate(evidence.get(a, ArmEvidence()).alpha, evidence.get(a, ArmEvidence()).beta) for a in arms
    }
    best = max(arms, key=lambda a: draws[a])
    return Choice(arm=best, method="thompson", sample=round(draws[best], 6))


def posteriors(
    evidence: Mapping[str, ArmEvidence], pieces: Mapping[str, int], level: float = 0.9, draws: int = 4000, seed: int = 0
) -> list[Posterior]:
    """Posterior mean, equal-tailed credible interval and P(best arm) (Monte Carlo) per arm."""
    from scipy.stats import beta as beta_dist

    arms = list(evidence)
    rng = np.random.default_rng(seed)
    samples = np.stack([rng.beta(evidence[a].alpha, evidence[a].beta, draws) for a in arms])
    wins = np.bincount(samples.argmax(axis=0), minlength=len(arms)) / draws
    tail = (1 - level) / 2
    out = []
    for i, arm in enumerate(arms):
        ev = evidence[arm]
        low, high = beta_dist.ppf([tail, 1 - tail], ev.alpha, ev.beta)
        out.append(
            Posterior(
                arm=arm,
                pieces=pieces.get(arm, 0),
                trials=round(ev.trials, 4),
                successes=round(ev.successes, 4),
                alpha=round(ev.alpha, 4),
                beta=round(ev.beta, 4),
                mean=round(ev.mean, 4),
                ci_low=round(float(low), 4),
                ci_high=round(float(high), 4),
                prob_best=round(float(wins[i]), 4),
            )
        )
    return out
