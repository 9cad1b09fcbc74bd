"""Roster lifecycle rules (pure): create artists for unserved trend niches, retire after repeated
rejections, promote candidates after an approval, and pick today's artists least-recently-run first."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ai_artist_dagster.domain.music_theory import parse_key_name, tempo_band_range
from ai_artist_dagster.domain.writer.naming import artist_name, slugify
from ai_artist_dagster.lib.schemas import ArtistNiche, ArtistRecord, TrendReport

SCHEDULABLE = ("candidate", "active")


@dataclass(frozen=True)
class RosterRules:
    artists_per_day: int = 1
    max_active: int = 12
    new_artist_probability: float = 0.3
    retire_after_rejections: int = 3
    default_autopilot: bool = True


@dataclass
class RosterDecision:
    artists: list[ArtistRecord]
    created: list[ArtistRecord] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    promoted: list[str] = field(default_factory=list)
    scheduled: list[tuple[str, str]] = field(default_factory=list)  # (artist_id, reason)


def niche_from_trend(trend: TrendReport, rng: random.Random, skip_genres: set[str]) -> ArtistNiche:
    """The most promising niche: the top rising genre nobody serves yet, with today's rising traits."""
    genres = [t.trait_value for t in trend.rising.get("genre", []) if t.trait_value != "other"]
    unserved = [g for g in genres if g not in skip_genres]
    genre = unserved[0] if unserved else (genres[0] if genres else "pop")
    low, high = tempo_band_range(trend.top("tempo", "upbeat (110-130 bpm)"))
    key, mode = parse_key_name(trend.top("key", "C major"))
    mood = trend.top("mood", "euphoric")
    return ArtistNiche(genre=genre, mood=mood, tempo_bpm=rng.randint(low, high), key=key, mode=mode)


def _unique_id(name: str, taken: set[str]) -> str:
    base = slugify(name)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def plan_roster(
    artists: list[ArtistRecord], trend: TrendReport, date: dt.date, rules: RosterRules, seed: int
) -> RosterDecision:
    rng = random.Random(seed)
    roster = [a.model_copy() for a in artists]
    decision = RosterDecision(artists=roster)

    for artist in roster:
        if artist.status in SCHEDULABLE and artist.consecutive_rejections >= rules.retire_after_rejections:
            artist.status = "retired"
            decision.retired.append(artist.artist_id)
        elif artist.status == "candidate" and artist.approvals > 0:
            artist.status = "active"
            decision.promoted.append(artist.artist_id)

    live = [a for a in roster if a.status in SCHEDULABLE]
    served = {a.niche.genre for a in live}
    taken = {a.artist_id for a in roster}
    # Always have enough artists for the day; beyond that, create with a probability when a niche is open.
    wanted = max(0, rules.artists_per_day - len(live))
    genres = {t.trait_value for t in trend.rising.get("genre", [])[:3]}
    if wanted == 0 and len(live) < rules.max_active and genres - served and rng.random() < rules.new_artist_probability:
        wanted = 1
    for _ in range(wanted):
        niche = niche_from_trend(trend, rng, served)
        name = artist_name(rng.randrange(1 << 30))
        record = ArtistRecord(
            artist_id=_unique_id(name, taken),
            name=name,
            status="candidate",
            autopilot=rules.default_autopilot,
            niche=niche,
            created_on=date,
        )
        roster.append(record)
        decision.created.append(record)
        served.add(niche.genre)
        taken.add(record.artist_id)

    schedulable = [a for a in roster if a.status in SCHEDULABLE]
    schedulable.sort(key=lambda a: (a.last_run_on or dt.date.min, a.created_on, a.artist_id))
    for artist in schedulable[: rules.artists_per_day]:
        reason = "new artist" if artist.last_run_on is None else f"least recently run (last {artist.last_run_on})"
        decision.scheduled.append((artist.artist_id, reason))
        artist.last_run_on = date
    return decision
