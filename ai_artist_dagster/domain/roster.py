"""Roster lifecycle rules (pure): candidate → active → paused → retired.

Create artists for unserved trend niches, promote candidates after an approval, pause an artist
whose recent reviews approve too little (back after a rest, with whatever evolution changed),
retire after repeated consecutive rejections, and pick today's artists least-recently-run first."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from ai_artist_dagster.domain.music_theory import (
    TEMPO_BANDS,
    all_key_names,
    parse_key_name,
    tempo_band_of,
    tempo_band_range,
)
from ai_artist_dagster.domain.writer.naming import artist_name, slugify
from ai_artist_dagster.lib.schemas import ArtistNiche, ArtistRecord, ArtistStatus, TrendReport
from ai_artist_dagster.lib.schemas.rules import CalendarRules, RosterRules

SCHEDULABLE = ("candidate", "active")


@dataclass(frozen=True)
class LifecycleStats:
    """Evidence the lifecycle reads (from artist_metrics)."""

    approvals: int = 0
    consecutive_rejections: int = 0
    recent_reviews: int = 0
    recent_approval_rate: float | None = None


@dataclass(frozen=True)
class Transition:
    artist_id: str
    old: str
    new: str
    reason: str


@dataclass
class RosterDecision:
    artists: list[ArtistRecord]
    created: list[ArtistRecord] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    scheduled: list[tuple[str, str]] = field(default_factory=list)  # (artist_id, reason)
    release_on: dict[str, dt.date] = field(default_factory=dict)  # the release slot each scheduled piece fills

    @property
    def retired(self) -> list[str]:
        return [t.artist_id for t in self.transitions if t.new == "retired"]

    @property
    def promoted(self) -> list[str]:
        return [t.artist_id for t in self.transitions if t.old == "candidate" and t.new == "active"]


def next_status(
    artist: ArtistRecord, stats: LifecycleStats, date: dt.date, rules: RosterRules
) -> tuple[ArtistStatus, str] | None:
    """(new status, reason) when the rules move the artist, else None."""
    if artist.status == "retired":
        return None
    if stats.consecutive_rejections >= rules.retire_after_rejections:
        return (
            "retired",
            f"{stats.consecutive_rejections} consecutive rejections (limit {rules.retire_after_rejections})",
        )
    if artist.status == "paused":
        rested = (date - (artist.status_since or date)).days
        if rested >= rules.pause_days:
            return "active", f"rested {rested} days"
        return None
    rate = stats.recent_approval_rate
    if stats.recent_reviews >= rules.pause_min_reviews and rate is not None and rate < rules.pause_below_approval:
        return (
            "paused",
            f"approved {rate:.0%} of the last {stats.recent_reviews} reviews (< {rules.pause_below_approval:.0%})",
        )
    if artist.status == "candidate" and stats.approvals > 0:
        return "active", f"{stats.approvals} approval(s)"
    return None


Sound = tuple[int, str, str]  # key, mode, tempo band: what no two live artists share


def sound_of(niche: ArtistNiche) -> Sound:
    return niche.key, niche.mode, tempo_band_of(niche.tempo_bpm)


def niche_from_trend(
    trend: TrendReport,
    rng: random.Random,
    skip_genres: set[str],
    taken: set[Sound] | None = None,
    others: list[set[str]] | None = None,
    asked: Asked | None = None,
    peers: list[Peer] | None = None,
) -> ArtistNiche:
    """The most promising niche: the top rising genre nobody serves yet, in that genre's own most
    charted key, tempo band and mood — the first combination of key, mode and tempo band no live
    artist has (``taken``), so artists made on one day sound different — with three influences from
    the genre's own charting performers, sharing at most one with any live artist (``others``). When
    every charting genre is served, a genre nobody serves; the key and mode, and the mood (unlike the
    day's other new artists' and the genre's other artists', ``peers``), differ from the other
    artists' where any is left: two artists of one day are never one sound twice."""
    asked = asked or Asked()
    genres = [t.trait_value for t in trend.traits("genre") if t.trait_value != "other"]
    unserved = [g for g in dict.fromkeys([*genres, *trend.genres, *GENRE_WORDS]) if g not in skip_genres]
    genre = asked.genre or (unserved[0] if unserved else (genres[0] if genres else "pop"))
    own = trend.genres.get(genre)
    chart_keys = [t.trait_value for t in trend.traits("key")]
    chart_bands = [t.trait_value for t in trend.traits("tempo")]
    keys = list(dict.fromkeys([*(own.keys if own else []), *chart_keys, *all_key_names()]))
    # a tempo band asked for is kept (a key nobody has is found in it); else the genre's, the chart's, any
    bands = (
        [asked.tempo_band]
        if asked.tempo_band
        else list(dict.fromkeys([*(own.tempo_bands if own else []), *chart_bands, *TEMPO_BANDS]))
    )
    pairs = sorted(((k, b) for k in range(len(keys)) for b in range(len(bands))), key=lambda kb: (kb[0] + kb[1], kb))
    sounds = [_sound(keys[k], bands[b]) for k, b in pairs]
    held = {(k, m) for k, m, _ in taken or set()}
    key, mode, band = next(  # a key and mode nobody has, else at least a new key × band
        (s for s in sounds if (s[0], s[1]) not in held),
        next((s for s in sounds if s not in (taken or set())), sounds[0]),
    )
    low, high = tempo_band_range(band)
    charted = (own.moods if own else []) or [trend.top("mood", "euphoric")]
    taken_moods = {p.mood for p in peers or [] if p.genre == genre or p.created_today}
    fresh = [m for m in dict.fromkeys([*charted, *MOOD_DESCRIPTIONS]) if m not in taken_moods]
    moods = [asked.mood] if asked.mood else fresh or charted
    ranked = own.performers if own else []
    claimed = {p for o in others or [] for p in o}
    influences: list[str] = []
    for name in sorted(ranked, key=lambda p: p in claimed):  # unclaimed first, by chart weight
        if len(influences) < 3 and all(len(o & {*influences, name}) <= 1 for o in others or []):
            influences.append(name)
    registers = [p.register for p in peers or [] if p.register]
    register = "low" if registers.count("low") < registers.count("high") else "high"  # the rarer voice; high first
    return ArtistNiche(
        genre=genre,
        mood=moods[0],
        tempo_bpm=rng.randint(low, high),
        key=key,
        mode=mode,
        influences=influences,
        voice_register=register,
    )


@dataclass(frozen=True)
class Peer:
    """Another artist's genre and mood, as a new artist's niche must differ from it."""

    genre: str
    mood: str
    created_today: bool
    register: str | None = None


@dataclass(frozen=True)
class Asked:
    """What an operator's description of an artist pins down (None: let the trends decide)."""

    genre: str | None = None
    mood: str | None = None
    tempo_band: str | None = None


# Words in a description, and what they ask for (the first match wins; checked in this order).
GENRE_WORDS: dict[str, tuple[str, ...]] = {
    "k-pop": ("k-pop", "kpop", "korean"),
    "hip hop": ("hip hop", "hip-hop", "rap", "trap", "drill"),
    "r&b": ("r&b", "rnb", "soul", "neo-soul"),
    "electronic": ("electronic", "edm", "techno", "house", "synth", "producer", "ambient", "electro"),
    "rock": ("rock", "punk", "guitar band", "grunge", "metal", "indie"),
    "opm": ("opm", "filipino", "tagalog", "manila"),
    "latin": ("latin", "reggaeton", "salsa", "spanish"),
    "country": ("country", "americana", "nashville", "folk"),
    "pop": ("pop",),
}
MOOD_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "melancholic": ("dark", "moody", "sad", "melanchol", "atmospheric", "haunting", "lonely", "mysterious", "brooding"),
    "intense": ("aggressive", "intense", "heavy", "angry", "raw", "hard", "fierce", "loud"),
    "warm": ("warm", "soft", "gentle", "acoustic", "tender", "cozy", "intimate", "mellow"),
    "euphoric": ("happy", "bright", "euphoric", "party", "dance", "joyful", "uplifting", "sunny"),
}
TEMPO_WORDS: dict[str, tuple[str, ...]] = {
    "slow (<90 bpm)": ("slow", "ballad", "downtempo"),
    "fast (130+ bpm)": ("fast", "frantic", "high-energy", "high energy"),
    "upbeat (110-130 bpm)": ("upbeat", "danceable", "club"),
    "mid (90-110 bpm)": ("mid-tempo", "midtempo", "laid-back", "laid back"),
}


def asked_in(description: str) -> Asked:
    """Genre, mood and tempo band a description names ("a mysterious electronic music producer with
    dark, atmospheric soundscapes" → electronic, melancholic)."""
    text = description.lower()

    def first(table: dict[str, tuple[str, ...]]) -> str | None:
        return next((name for name, words in table.items() if any(w in text for w in words)), None)

    return Asked(genre=first(GENRE_WORDS), mood=first(MOOD_DESCRIPTIONS), tempo_band=first(TEMPO_WORDS))


def _sound(key_text: str, band: str) -> Sound:
    key, mode = parse_key_name(key_text)
    return key, mode, band


def _unique_id(name: str, taken: set[str]) -> str:
    base = slugify(name)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def plan_roster(
    artists: list[ArtistRecord],
    trend: TrendReport,
    date: dt.date,
    rules: RosterRules,
    seed: int,
    stats: dict[str, LifecycleStats] | None = None,
    calendar: CalendarRules | None = None,
    last_release: dict[str, dt.date] | None = None,
    booked: Mapping[dt.date, int] | None = None,
) -> RosterDecision:
    """Move artists through the lifecycle, create artists for open niches, and pick today's artists:
    under the ``calendar`` schedule those whose next release slot needs a piece today (``last_release``:
    each artist's latest release slot held by a piece that was not rejected), most overdue first;
    under ``rotation`` the least recently run. Each scheduled piece gets its release date, spread
    over the label's release days (``booked``: how many releases each day already holds)."""
    from ai_artist_dagster.domain import calendar as cal

    rules_cal = calendar or CalendarRules()
    last_release = last_release or {}
    rng = random.Random(seed)
    roster = [a.model_copy() for a in artists]
    decision = RosterDecision(artists=roster)

    for artist in roster:
        evidence = (stats or {}).get(artist.artist_id) or LifecycleStats(
            approvals=artist.approvals, consecutive_rejections=artist.consecutive_rejections
        )
        artist.approvals, artist.consecutive_rejections = evidence.approvals, evidence.consecutive_rejections
        move = next_status(artist, evidence, date, rules)
        if move:
            decision.transitions.append(Transition(artist.artist_id, artist.status, move[0], move[1]))
            artist.status, artist.status_since = move[0], date

    live = [a for a in roster if a.status in SCHEDULABLE]
    served = {a.niche.genre for a in live}
    taken = {a.artist_id for a in roster}
    # Always have enough artists for the day; beyond that, create with a probability when a niche is open.
    wanted = max(0, rules.artists_per_day - len(live))
    genres = {t.trait_value for t in trend.traits("genre")[:3]}
    if wanted == 0 and len(live) < rules.max_active and genres - served and rng.random() < rules.new_artist_probability:
        wanted = 1
    sounds = {sound_of(a.niche) for a in live}
    influences = [set(a.niche.influences) for a in live]
    names = [a.name for a in roster if a.status != "retired"]
    peers = [Peer(a.niche.genre, a.niche.mood, False, a.niche.voice_register) for a in live]
    for _ in range(wanted):
        niche = niche_from_trend(trend, rng, served, sounds, influences, peers=peers)
        peers.append(Peer(niche.genre, niche.mood, True, niche.voice_register))
        sounds.add(sound_of(niche))
        influences.append(set(niche.influences))
        name = artist_name(rng.randrange(1 << 30), names)
        names.append(name)
        record = ArtistRecord(
            artist_id=_unique_id(name, taken),
            name=name,
            status="candidate",
            autopilot=rules.default_autopilot,
            niche=niche,
            created_on=date,
            status_since=date,
        )
        roster.append(record)
        decision.created.append(record)
        served.add(niche.genre)
        taken.add(record.artist_id)

    def gap(artist: ArtistRecord) -> int:
        evidence = (stats or {}).get(artist.artist_id)
        return cal.gap_days(rules_cal, evidence.recent_approval_rate if evidence else None)

    schedulable = [a for a in roster if a.status in SCHEDULABLE]
    if rules.schedule == "calendar":
        schedulable = [a for a in schedulable if cal.due(date, last_release.get(a.artist_id), rules_cal, gap(a))]

    def overdue(a: ArtistRecord) -> dt.date:  # under the calendar, the longest-waiting release slot first
        return (last_release.get(a.artist_id) if rules.schedule == "calendar" else None) or dt.date.min

    schedulable.sort(key=lambda a: (overdue(a), a.last_run_on or dt.date.min, a.created_on, a.artist_id))
    held = Counter(booked or {})
    for artist in schedulable[: rules.artists_per_day]:
        previous = last_release.get(artist.artist_id) if rules.schedule == "calendar" else None
        release_on = cal.spread(cal.next_release(date, previous, rules_cal, gap(artist)), held, previous, rules_cal)
        held[release_on] += 1
        if rules.schedule == "rotation":
            reason = "new artist" if artist.last_run_on is None else f"least recently run (last {artist.last_run_on})"
        elif previous is None:
            reason = f"calendar: debut release {release_on}"
        else:
            reason = f"calendar: release {release_on}, {gap(artist)} days after {previous}"
        decision.scheduled.append((artist.artist_id, reason))
        decision.release_on[artist.artist_id] = release_on
        artist.last_run_on = date
    return decision


def prompted_artist(
    description: str,
    artists: list[ArtistRecord],
    trend: TrendReport,
    date: dt.date,
    rules: RosterRules,
    name: str | None = None,
) -> ArtistRecord:
    """A candidate artist from an operator's description: the niche it names (genre, mood, tempo
    band), the rest from the day's trends (a key and band no live artist has, its genre's
    performers as influences); it is scheduled first in the next cycle (never run before) and is on
    autopilot exactly when the roster's own new artists are (``rules.default_autopilot``)."""
    rng = random.Random(f"{description}|{date}")
    live = [a for a in artists if a.status in SCHEDULABLE]
    niche = niche_from_trend(
        trend,
        rng,
        set(),
        {sound_of(a.niche) for a in live},
        [set(a.niche.influences) for a in live],
        asked_in(description),
    )
    name = name or artist_name(rng.randrange(1 << 30), [a.name for a in artists if a.status != "retired"])
    return ArtistRecord(
        artist_id=_unique_id(name, {a.artist_id for a in artists}),
        name=name,
        status="candidate",
        autopilot=rules.default_autopilot,
        niche=niche,
        created_on=date,
        status_since=date,
        prompt=description,
    )
