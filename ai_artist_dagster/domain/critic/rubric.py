"""The rubric: every part's weight, the total, the weakest part and what to do about it.

A part is 0–1 from a documented ramp (objective.py, text.py). Two kinds of part count differently:

- the production's *requirements* (REQUIREMENTS: tempo, loudness, clipping, … — each has an asset
  check or a spec every release should meet) earn nothing when met and cost points when missed;
- the *craft* parts (the words, and whether a listener understands them) earn the score.

score = 10 × (Σ craft weight·part − Σ requirement weight·(1 − part)) / Σ craft weight, in 0–10.

Every part's shortfall costs the same points per unit of weight, whichever kind it is. An ordinary
piece meets the requirements, so its score says how good its craft is instead of starting at 6/10
for a song that is merely in tune and on tempo (the weighted mean over every part put ten ordinary
pieces within 0.75 points of each other). An instrumental loses the vocal parts — the product is a
sung song. The weakest part is the one whose shortfall costs the most points (weight × (1 −
score)); the first suggestion always addresses it.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from ai_artist_dagster.domain.critic.objective import objective_scores
from ai_artist_dagster.domain.critic.text import text_scores
from ai_artist_dagster.lib.schemas import CritiquePart, Lyrics, PieceMeasures

WEIGHTS: dict[str, float] = {
    # objective: 6.0 — understanding the words weighs most: it is what listeners of a sung song miss first
    "tempo": 0.7,
    "loudness": 0.3,
    "clipping": 0.5,
    "duration": 0.2,
    "key": 0.3,
    "vocal pitch": 0.8,
    "intelligibility": 1.5,
    "vocal presence": 0.4,
    "dynamics": 0.4,
    "musical repetition": 0.3,
    "caption timing": 0.4,
    "video": 0.2,
    # text: 4.0
    "rhyme": 0.6,
    "meter": 0.5,
    "lyric repetition": 0.5,
    "clichés": 0.3,
    "theme": 0.4,
    "title in chorus": 0.6,
    "cohesion": 0.6,
    "freshness": 0.5,
}
REQUIREMENTS = frozenset(
    ["tempo", "loudness", "clipping", "duration", "key", "vocal pitch", "vocal presence", "dynamics",
     "musical repetition", "caption timing", "video"]
)  # fmt: skip
GOOD, POOR = 0.8, 0.6


def counts_as(name: str) -> str:
    """How a part counts toward the total: ``requirement`` (only costs) or ``craft`` (earns)."""
    return (
        "requirement" if name in REQUIREMENTS else "craft"
    )  # a part at or above GOOD is a strength; below POOR, an issue


ADVICE: dict[str, str] = {
    "tempo": "lock the drums and bass to the requested tempo",
    "loudness": "re-master to −14 LUFS integrated",
    "clipping": "lower the mix into the limiter: the master clips",
    "duration": "extend the song with another chorus or a bridge",
    "key": "keep the harmony in the profile's key",
    "vocal pitch": "re-sing the melody on the score's notes",
    "intelligibility": "give the words room: fewer syllables per bar and shorter held vowels",
    "vocal presence": "bring the voice level with the band in the chorus",
    "dynamics": "lift the chorus: more parts and level than the verse",
    "musical repetition": "vary the loop: change the part or the voicing every four bars",
    "caption timing": "time the teaser's captions to the sung words",
    "video": "re-render the teaser with audio at the platform size",
    "rhyme": "rewrite the line ends so the rhyme scheme holds",
    "meter": "trim or extend lines to the target syllable count",
    "lyric repetition": "vary the line openings, and give the second verse its own lines",
    "clichés": "replace the stock phrases with concrete images",
    "theme": "bring the theme into every section",
    "title in chorus": "put the title in the chorus's first or last line",
    "cohesion": "tell one story: bring the first verse's places and things back in the second verse and the bridge",
    "freshness": "find new images: too many phrases repeat the artist's earlier songs",
}


class Rubric(BaseModel):
    parts: list[CritiquePart]

    @property
    def craft_weight(self) -> float:
        return sum(p.weight for p in self.parts if counts_as(p.name) == "craft")

    @property
    def total(self) -> float:
        weight = self.craft_weight
        if not weight:
            return 0.0
        earned = sum(p.weight * p.score for p in self.parts if counts_as(p.name) == "craft")
        missed = sum(p.weight * (1 - p.score) for p in self.parts if counts_as(p.name) == "requirement")
        return round(max(0.0, min(10.0, 10 * (earned - missed) / weight)), 2)

    def points_lost(self, part: CritiquePart) -> float:
        """What ``part``'s shortfall costs the total (before it is held to 0–10)."""
        weight = self.craft_weight
        return 10 * part.weight * (1 - part.score) / weight if weight else 0.0

    def part(self, name: str) -> CritiquePart:
        return next(p for p in self.parts if p.name == name)

    def shortfalls(self) -> list[CritiquePart]:
        """Parts below full marks, costliest first."""
        return sorted((p for p in self.parts if p.score < 1), key=lambda p: p.weight * (1 - p.score), reverse=True)

    @property
    def weakest(self) -> CritiquePart | None:
        short = self.shortfalls()
        return short[0] if short else None

    def kind_score(self, kind: str) -> float:
        """The weighted 0–1 score of the objective or the text parts."""
        parts = [p for p in self.parts if p.kind == kind]
        weight = sum(p.weight for p in parts)
        return sum(p.weight * p.score for p in parts) / weight if weight else 0.0


def assess(measures: PieceMeasures, lyrics: Lyrics, previous_lines: Iterable[str] = ()) -> Rubric:
    """Every part of a piece; ``previous_lines`` are the artist's earlier songs' lines (freshness)."""
    scored = (("objective", objective_scores(measures)), ("text", text_scores(lyrics, previous_lines)))
    parts = [
        CritiquePart(name=name, kind=kind, measured=measured, score=round(score, 3), weight=WEIGHTS[name])
        for kind, scores in scored
        for name, (score, measured) in scores.items()
    ]
    return Rubric(parts=parts)
