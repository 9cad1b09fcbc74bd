"""Content calendar (pure): when an artist releases, teases and posts, and what each release is about.

Cadence. An artist releases on the stores' release weekday (Friday by default), at most once per
*gap*: the gap shrinks from ``max_gap_days`` to ``min_gap_days`` as the share of its recent pieces
that reviewers approve grows, so an artist people like releases more often. A piece is made when the
next release slot needs it: ``review_days`` to be reviewed, then delivered ``lead_days`` before the
release (distributors ask for weeks). The teaser is posted ``teaser_days`` before the release, and
the artist posts on its posting days from the teaser to a week after the release.

Arc. An artist's releases run through four phases (introduce → deepen → turn → resolve) over its
profile's themes in order: release *n* has phase ``ARC[n % 4]`` and theme ``themes[n % len(themes)]``,
so the lyrics of consecutive songs tell a development rather than repeating one subject.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

from pydantic import BaseModel

from ai_artist_dagster.lib.schemas.rules import CalendarRules

ARC = ("introduce", "deepen", "turn", "resolve")
ARC_BRIEFS = {
    "introduce": "who the artist is and where they stand",
    "deepen": "the same world, closer and more personal",
    "turn": "something changes: a choice, a leaving, a risk",
    "resolve": "what is kept after the change",
}


class CalendarSlot(BaseModel):
    """One release of an artist's plan and the dates that serve it."""

    number: int  # the artist's n-th piece (0 = debut)
    release_on: dt.date
    make_on: dt.date
    deliver_by: dt.date
    teaser_on: dt.date
    post_on: list[dt.date]
    phase: str
    theme: str
    piece_id: str | None = None  # when a piece already holds the slot
    state: str = "planned"  # planned, or the piece's: scheduled, pending, approved, delivered, live, …


class Booked(BaseModel):
    """A release slot a piece already holds (from roster_schedule and the piece's review state)."""

    number: int
    release_on: dt.date
    made_on: dt.date
    piece_id: str
    state: str


def on_weekday(day: dt.date, weekday: int) -> dt.date:
    """The first day on or after ``day`` that falls on ``weekday`` (0 = Monday)."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def gap_days(rules: CalendarRules, approval_rate: float | None) -> int:
    """Days between two releases: ``max_gap_days`` at 0 % approval, ``min_gap_days`` at 100 %,
    the middle when nobody has reviewed yet."""
    rate = 0.5 if approval_rate is None else min(1.0, max(0.0, approval_rate))
    return round(rules.max_gap_days - (rules.max_gap_days - rules.min_gap_days) * rate)


def production_days(rules: CalendarRules) -> int:
    """From making a piece to its earliest release: review, then the delivery lead time."""
    return rules.review_days + rules.lead_days


def due(day: dt.date, last_release: dt.date | None, rules: CalendarRules, gap: int) -> bool:
    """Whether the artist must make a piece on ``day`` for its next release slot (always, before its
    first release)."""
    return last_release is None or day + dt.timedelta(days=production_days(rules)) >= last_release + dt.timedelta(
        days=gap
    )


def next_release(day: dt.date, last_release: dt.date | None, rules: CalendarRules, gap: int) -> dt.date:
    """The release date of a piece made on ``day``: a release weekday after its production time and
    at least ``gap`` days after the artist's previous release."""
    earliest = day + dt.timedelta(days=production_days(rules))
    if last_release is not None:
        earliest = max(earliest, last_release + dt.timedelta(days=gap))
    return on_weekday(earliest, rules.release_weekday)


def spread(
    release_on: dt.date, booked: Mapping[dt.date, int], last_release: dt.date | None, rules: CalendarRules
) -> dt.date:
    """The release day for a piece whose earliest is ``release_on``, spread over the label's release
    days: the earliest of the next ``spread_weeks`` release days that fewest of the label's other
    releases hold (``booked``), never further than ``max_gap_days`` after the artist's last release."""
    days = [release_on + dt.timedelta(weeks=k) for k in range(rules.spread_weeks + 1)]
    allowed = [d for d in days if last_release is None or (d - last_release).days <= rules.max_gap_days]
    return min(allowed or days[:1], key=lambda d: (booked.get(d, 0), d))


class ReleaseDates(NamedTuple):
    """The dates around a release of a piece."""

    release_on: dt.date  # the deals start
    teaser_on: dt.date  # the teaser is posted; cover and clip may be shown: teaser_days before, not before the piece
    deliver_by: dt.date  # the distributor has it lead_days before


def release_dates(made_on: dt.date, release_on: dt.date, rules: CalendarRules) -> ReleaseDates:
    """The teaser and delivery dates of a release on ``release_on`` of a piece made on ``made_on``."""
    return ReleaseDates(
        release_on=release_on,
        teaser_on=max(made_on, release_on - dt.timedelta(days=rules.teaser_days)),
        deliver_by=release_on - dt.timedelta(days=rules.lead_days),
    )


def arc_of(number: int, themes: list[str]) -> tuple[str, str]:
    """(phase, theme) of the artist's ``number``-th release."""
    return ARC[number % len(ARC)], themes[number % len(themes)]


def slot(number: int, release_on: dt.date, made_on: dt.date, themes: list[str], rules: CalendarRules) -> CalendarSlot:
    """The dates around one release."""
    phase, theme = arc_of(number, themes)
    _, teaser_on, deliver_by = release_dates(made_on, release_on, rules)
    posting = rules.post_days()
    window = (teaser_on + dt.timedelta(days=d) for d in range((release_on - teaser_on).days + 8))
    return CalendarSlot(
        number=number,
        release_on=release_on,
        make_on=made_on,
        deliver_by=deliver_by,
        teaser_on=teaser_on,
        post_on=[d for d in window if d.weekday() in posting and d != teaser_on],
        phase=phase,
        theme=theme,
    )


def plan(
    today: dt.date,
    booked: list[Booked],
    themes: list[str],
    approval_rate: float | None,
    rules: CalendarRules,
) -> list[CalendarSlot]:
    """The artist's calendar from ``today`` over the horizon: the slots its pieces already hold that
    are not yet released by ``today``, then the slots the cadence plans after them."""
    horizon = today + dt.timedelta(weeks=rules.horizon_weeks)
    gap = gap_days(rules, approval_rate)
    slots = [
        slot(b.number, b.release_on, b.made_on, themes, rules).model_copy(
            update={"piece_id": b.piece_id, "state": b.state}
        )
        for b in sorted(booked, key=lambda b: b.release_on)
        if b.release_on >= today and b.state != "rejected"
    ]
    held = [b for b in booked if b.state != "rejected"]
    last = max((b.release_on for b in held), default=None)
    number = max((b.number for b in booked), default=-1) + 1
    while True:
        made_on = today if last is None else max(today, last + dt.timedelta(days=gap - production_days(rules)))
        release_on = next_release(made_on, last, rules, gap)
        if release_on > horizon:
            return slots
        slots.append(slot(number, release_on, made_on, themes, rules))
        last, number = release_on, number + 1


def events(slots: list[CalendarSlot]) -> list[tuple[dt.date, str, CalendarSlot]]:
    """Every dated step of the plan, in order: make, deliver by, teaser, release, post."""
    out: list[tuple[dt.date, str, CalendarSlot]] = []
    for s in slots:
        out += [(s.make_on, "make", s), (s.deliver_by, "deliver by", s), (s.teaser_on, "teaser", s)]
        out += [(s.release_on, "release", s)] + [(d, "post", s) for d in s.post_on]
    return sorted(out, key=lambda e: (e[0], e[2].number))
