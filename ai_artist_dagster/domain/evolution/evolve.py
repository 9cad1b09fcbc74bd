"""Profile evolution: propose a new profile version when the evidence is sufficient.

What may change, and why:
- tempo: toward the tempo-offset arm that is most probably best (P(best) ≥ confidence), one step
  per version, never further than ``max_tempo_drift`` from the first version;
- lyric themes: a theme only ever rejected by reviewers gives way to an unused theme of the mood;
  approved themes move first;
- mood and palette: when reviewers approve too little, toward the chart's rising mood (the first
  palette colour stays: it is the artist's signature).
What never changes: id, name, backstory, personality, genre, key — the core identity.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from pydantic import BaseModel

from ai_artist_dagster.domain.colors import hue_of
from ai_artist_dagster.domain.colors import palette as mood_palette
from ai_artist_dagster.domain.evolution.bandit import Posterior
from ai_artist_dagster.domain.writer.words import MOODS
from ai_artist_dagster.lib import markdown
from ai_artist_dagster.lib.schemas import ArtistProfile
from ai_artist_dagster.lib.schemas.rules import EvolutionRules


class ThemeEvidence(BaseModel):
    approved: int = 0
    rejected: int = 0


class EvolutionEvidence(BaseModel):
    """What evolution looks at for one artist on one day."""

    date: dt.date
    first_tempo_bpm: int
    days_since_version: int
    reviews_since_version: int
    approval_rate_since_version: float | None
    tempo_arms: list[Posterior]  # tempo_offset posteriors under the current version
    themes: dict[str, ThemeEvidence]  # lyric theme -> human outcomes (all versions)
    rising_moods: list[str]


class Change(BaseModel):
    field: str
    old: object
    new: object
    why: str


class Proposal(BaseModel):
    profile: ArtistProfile
    changes: list[Change]

    def markdown(self, evidence: EvolutionEvidence) -> str:
        old_version = self.profile.version - 1
        lines = [
            f"**v{old_version} → v{self.profile.version}** on {evidence.date}: "
            f"{evidence.reviews_since_version} reviews in {evidence.days_since_version} days since v{old_version}, "
            f"approval rate {_pct(evidence.approval_rate_since_version)}.",
            "",
            markdown.table(
                ["field", "old", "new", "why"], [(c.field, _cell(c.old), _cell(c.new), c.why) for c in self.changes]
            ),
        ]
        if evidence.tempo_arms:
            lines += [
                "",
                markdown.table(
                    ["tempo arm", "reviews", "mean", "90% CI", "P(best)"],
                    [
                        (
                            p.arm,
                            f"{p.trials:g}",
                            f"{p.mean:.2f}",
                            f"{p.ci_low:.2f}–{p.ci_high:.2f}",
                            f"{p.prob_best:.0%}",
                        )
                        for p in evidence.tempo_arms
                    ],
                ),
            ]
        return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _cell(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)


def not_ready(profile: ArtistProfile, evidence: EvolutionEvidence, rules: EvolutionRules) -> str | None:
    """Why there is not enough evidence yet (None when there is)."""
    if evidence.days_since_version < rules.min_days:
        return f"v{profile.version} is {evidence.days_since_version} days old (needs {rules.min_days})"
    if evidence.reviews_since_version < rules.min_reviews:
        return f"{evidence.reviews_since_version} reviews since v{profile.version} (needs {rules.min_reviews})"
    return None


def _tempo(profile: ArtistProfile, evidence: EvolutionEvidence, rules: EvolutionRules) -> Change | None:
    if not evidence.tempo_arms:
        return None
    best = max(evidence.tempo_arms, key=lambda p: p.prob_best)
    offset = int(best.arm)
    if offset == 0 or best.prob_best < rules.confidence:
        return None
    low_limit = max(60, evidence.first_tempo_bpm - rules.max_tempo_drift)
    high_limit = min(200, evidence.first_tempo_bpm + rules.max_tempo_drift)
    new = min(high_limit, max(low_limit, profile.tempo_bpm + offset))
    if new == profile.tempo_bpm:
        return None
    why = f"arm {best.arm} bpm is best with P={best.prob_best:.0%} (mean approval {best.mean:.2f} over {best.trials:g} reviews)"
    return Change(field="tempo_bpm", old=profile.tempo_bpm, new=new, why=why)


def _mood(profile: ArtistProfile, evidence: EvolutionEvidence, rules: EvolutionRules) -> list[Change]:
    rate = evidence.approval_rate_since_version
    rising = next((m for m in evidence.rising_moods if m in MOODS), None)
    if rate is None or rate >= rules.low_approval or rising is None or rising == profile.mood:
        return []
    signature = profile.visual_palette[0]
    palette = [signature, *mood_palette(hue_of(signature), rising)[1:]]
    why = f"approval {rate:.0%} < {rules.low_approval:.0%}; {rising} is the chart's rising mood"
    return [
        Change(field="mood", old=profile.mood, new=rising, why=why),
        Change(
            field="visual_palette",
            old=profile.visual_palette,
            new=palette,
            why=f"palette of {rising}, signature colour kept",
        ),
    ]


def _themes(profile: ArtistProfile, mood: str, evidence: EvolutionEvidence) -> Change | None:
    outcomes = {t: evidence.themes.get(t, ThemeEvidence()) for t in profile.themes}

    def score(theme: str) -> float:
        o = outcomes[theme]
        return (o.approved + 1) / (o.approved + o.rejected + 2)

    themes = sorted(profile.themes, key=score, reverse=True)
    why = "approved themes first"
    losers = [t for t in themes if outcomes[t].approved == 0 and outcomes[t].rejected >= 2]
    if losers and any(outcomes[t].approved for t in themes):
        fresh = [t for t in MOODS.get(mood, MOODS["euphoric"])["themes"] if t not in themes]
        if fresh:
            themes[themes.index(losers[0])] = fresh[0]
            why = (
                f"'{losers[0]}' was rejected {outcomes[losers[0]].rejected}× and never approved; approved themes first"
            )
    if themes == profile.themes:
        return None
    return Change(field="themes", old=profile.themes, new=themes, why=why)


def propose_evolution(profile: ArtistProfile, evidence: EvolutionEvidence, rules: EvolutionRules) -> Proposal | None:
    """The next profile version, or None when the evidence asks for no change."""
    changes: list[Change] = []
    tempo = _tempo(profile, evidence, rules)
    if tempo:
        changes.append(tempo)
    changes += _mood(profile, evidence, rules)
    mood = next((c.new for c in changes if c.field == "mood"), profile.mood)
    themes = _themes(profile, str(mood), evidence)
    if themes:
        changes.append(themes)
    reordered_only = themes is not None and set(cast(list[str], themes.new)) == set(profile.themes)
    if all(c.field == "themes" for c in changes) and (themes is None or reordered_only):
        return None  # no change, or themes merely reordered: not worth a version
    update: dict[str, object] = {c.field: c.new for c in changes}
    update["version"] = profile.version + 1
    if tempo:
        shift = int(cast(int, tempo.new)) - profile.tempo_bpm
        low, high = profile.tempo_range
        update["tempo_range"] = (max(60, low + shift), min(200, high + shift))
    new_profile = ArtistProfile.model_validate({**profile.model_dump(), **update})
    return Proposal(profile=new_profile, changes=changes)
