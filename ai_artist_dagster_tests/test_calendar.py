"""The content calendar: release slots on the release weekday spaced by a gap that follows the
approval rate, pieces made in time for review and the delivery lead, teasers and posts around each
release, themes along the arc; and the roster scheduling artists by their calendars."""

import datetime as dt
import itertools

from ai_artist_dagster.domain import calendar as cal
from ai_artist_dagster.domain.roster import plan_roster
from ai_artist_dagster.lib.schemas import ArtistNiche, ArtistRecord
from ai_artist_dagster.lib.schemas.rules import CalendarRules, RosterRules

RULES = CalendarRules()
DAY = dt.date(2020, 3, 6)  # a Friday
THEMES = ["coming home", "slow love", "friends who stay"]


def test_gap_follows_the_approval_rate_within_the_bounds():
    assert cal.gap_days(RULES, 1.0) == RULES.min_gap_days == 14
    assert cal.gap_days(RULES, 0.0) == RULES.max_gap_days == 28
    assert cal.gap_days(RULES, None) == 21
    assert cal.gap_days(RULES, 7.0) == 14  # clamped


def test_a_piece_is_released_on_the_release_weekday_after_review_and_lead_time():
    release = cal.next_release(DAY, None, RULES, 21)
    assert release.weekday() == RULES.release_weekday == 4
    assert release - DAY >= dt.timedelta(days=RULES.review_days + RULES.lead_days)
    assert release == dt.date(2020, 3, 27)
    # the cadence: never sooner than the gap after the previous release
    assert cal.next_release(DAY, dt.date(2020, 3, 20), RULES, 28) == dt.date(2020, 4, 17)


def test_an_artist_is_due_before_its_first_release_and_then_when_its_next_slot_needs_a_piece():
    assert cal.due(DAY, None, RULES, 21)
    last = dt.date(2020, 3, 27)
    assert not cal.due(DAY + dt.timedelta(days=1), last, RULES, 21)
    first_due = next(
        DAY + dt.timedelta(days=d) for d in range(60) if cal.due(DAY + dt.timedelta(days=d), last, RULES, 21)
    )
    # made in time: the next release is exactly one gap (Friday-aligned) after the last
    assert cal.next_release(first_due, last, RULES, 21) == dt.date(2020, 4, 17)
    assert first_due == dt.date(2020, 4, 1)


def test_plan_spaces_releases_by_the_gap_and_dates_every_step():
    slots = cal.plan(DAY, [], THEMES, 0.5, RULES)
    assert [s.number for s in slots] == list(range(len(slots))) and len(slots) >= 3
    assert all(s.release_on.weekday() == 4 for s in slots)
    assert all(s.release_on <= DAY + dt.timedelta(weeks=RULES.horizon_weeks) for s in slots)
    gaps = [(b.release_on - a.release_on).days for a, b in itertools.pairwise(slots)]
    assert all(21 <= g < 28 for g in gaps), gaps
    for s in slots:
        assert s.make_on <= s.release_on - dt.timedelta(days=RULES.lead_days + RULES.review_days)
        assert s.deliver_by == s.release_on - dt.timedelta(days=RULES.lead_days)
        assert s.teaser_on == s.release_on - dt.timedelta(days=RULES.teaser_days)
        assert s.post_on and all(d.weekday() in RULES.post_days() for d in s.post_on)
        assert all(s.teaser_on < d <= s.release_on + dt.timedelta(days=7) for d in s.post_on)
    assert [(s.phase, s.theme) for s in slots[:4]] == [
        ("introduce", "coming home"),
        ("deepen", "slow love"),
        ("turn", "friends who stay"),
        ("resolve", "coming home"),
    ]
    # an artist reviewers like releases more often
    assert len(cal.plan(DAY, [], THEMES, 1.0, RULES)) > len(cal.plan(DAY, [], THEMES, 0.0, RULES))


def test_plan_keeps_the_slots_pieces_hold_and_frees_rejected_ones():
    booked = [
        cal.Booked(number=0, release_on=dt.date(2020, 3, 27), made_on=DAY, piece_id="2020-03-06__a", state="approved"),
        cal.Booked(
            number=1, release_on=dt.date(2020, 4, 17), made_on=dt.date(2020, 4, 1), piece_id="x", state="rejected"
        ),
    ]
    slots = cal.plan(DAY, booked, THEMES, None, RULES)
    assert (slots[0].piece_id, slots[0].state, slots[0].release_on) == (
        "2020-03-06__a",
        "approved",
        dt.date(2020, 3, 27),
    )
    assert all(s.piece_id != "x" for s in slots)
    assert slots[1].number == 2 and slots[1].state == "planned" and slots[1].release_on == dt.date(2020, 4, 17)


def test_roster_schedules_by_calendar_and_by_rotation(trend):
    niche = ArtistNiche(genre="pop", mood="warm", tempo_bpm=100, key=0, mode="major")
    artists = [
        ArtistRecord(artist_id=aid, name=aid.title(), status="active", autopilot=False, niche=niche, created_on=DAY)
        for aid in ("ada", "bo")
    ]
    later = {artists[0].artist_id: dt.date(2020, 4, 10)}  # its next release is booked far ahead
    decision = plan_roster(
        artists, trend, DAY, RosterRules(artists_per_day=2, new_artist_probability=0), 1, None, RULES, later
    )
    assert [aid for aid, _ in decision.scheduled] == [artists[1].artist_id]
    assert decision.release_on[artists[1].artist_id] == dt.date(2020, 3, 27)
    assert "debut release 2020-03-27" in decision.scheduled[0][1]
    rotation = RosterRules(artists_per_day=2, new_artist_probability=0, schedule="rotation")
    decision = plan_roster(artists, trend, DAY, rotation, 1, None, RULES, later)
    assert {aid for aid, _ in decision.scheduled} == {a.artist_id for a in artists}


def test_two_artists_of_one_day_release_on_different_fridays_when_the_calendar_allows(trend):
    """Two artists wrote on 2020-03-06 and both were booked for Friday 2020-03-27."""
    niche = ArtistNiche(genre="pop", mood="warm", tempo_bpm=100, key=0, mode="major")
    artists = [
        ArtistRecord(artist_id=aid, name=aid.title(), status="active", autopilot=False, niche=niche, created_on=DAY)
        for aid in ("ada", "bo", "cy")
    ]
    roster = RosterRules(artists_per_day=3, new_artist_probability=0)
    decision = plan_roster(artists, trend, DAY, roster, 1, None, RULES, {})
    days = sorted(decision.release_on.values())
    assert days == [dt.date(2020, 3, 27), dt.date(2020, 4, 3), dt.date(2020, 4, 10)] and len(set(days)) == 3
    # a Friday the label already holds is passed over, within spread_weeks and the artist's max gap
    held = {dt.date(2020, 3, 27): 1}
    assert cal.spread(dt.date(2020, 3, 27), held, None, RULES) == dt.date(2020, 4, 3)
    full = {dt.date(2020, 3, 27) + dt.timedelta(weeks=k): 1 for k in range(3)}
    assert cal.spread(dt.date(2020, 3, 27), full, None, RULES) == dt.date(2020, 3, 27)  # all held: the earliest
    last = dt.date(2020, 3, 6)  # 28 days is its longest gap: 2020-04-03 is the latest allowed
    assert cal.spread(dt.date(2020, 3, 27), {dt.date(2020, 3, 27): 2, dt.date(2020, 4, 3): 1}, last, RULES) == dt.date(
        2020, 4, 3
    )
    assert cal.spread(dt.date(2020, 3, 27), held, None, CalendarRules(spread_weeks=0)) == dt.date(2020, 3, 27)
