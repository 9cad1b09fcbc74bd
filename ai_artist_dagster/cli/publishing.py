"""Publishing commands: the artists' content calendars, and updates and takedowns of releases."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from ai_artist_dagster.cli.inspection import _table, _warehouse, console, show
from ai_artist_dagster.lib.schemas.rules import CalendarRules

releases_app = typer.Typer(
    help="Releases after delivery: list them, move a release date, take one down.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)


def calendar_rules() -> CalendarRules:
    """The calendar's rules as the environment configures them (the `calendar` resource)."""
    from ai_artist_dagster.defs.artists.resources import CalendarResource
    from ai_artist_dagster.defs.resources import default_resources

    resource = default_resources()["calendar"]
    assert isinstance(resource, CalendarResource)
    return resource.rules()


def calendar(
    artist: Annotated[str | None, typer.Argument(help="Artist id (default: every artist not retired).")] = None,
) -> None:
    """Each artist's content calendar as it stands: the release slots its pieces hold (and their
    state), then the slots the cadence plans — with the day the piece is made, the delivery
    deadline, the teaser date, the posting days and the theme and arc phase of each release."""
    from ai_artist_dagster.defs.artists.calendar import artist_calendar

    wh = _warehouse()
    rules = calendar_rules()
    ids = (
        [artist]
        if artist
        else [
            r["artist_id"]
            for r in wh.query(
                "SELECT DISTINCT a.artist_id FROM artists a JOIN profile_versions p USING (artist_id) "
                "WHERE a.status <> 'retired' ORDER BY 1"
            )
        ]
    )
    if not ids:
        console.print("no artist has a profile yet; run `ai-artist run`")
    for artist_id in ids:
        today, version, slots = artist_calendar(wh, artist_id, rules)
        rows = [
            {
                "#": s.number + 1,
                "release": f"{s.release_on:%a %b %d %Y}",
                "state": s.state,
                "make": f"{s.make_on:%b %d}",
                "deliver by": f"{s.deliver_by:%b %d}",
                "teaser": f"{s.teaser_on:%b %d}",
                "posts": len(s.post_on),
                "arc": f"{s.phase}: {s.theme}",
            }
            for s in slots
        ]
        show(_table(f"{artist_id} (profile v{version}): calendar from {today}", rows))


@releases_app.command("list")
def list_releases() -> None:
    """Every release: its dates, the gate's verdict, its state (delivered ahead of its date, live from
    it — "today" is the cycle's latest day — or taken down) and how many messages followed it."""
    wh = _warehouse()
    rows = wh.query(
        """WITH today AS (SELECT max(date) AS d FROM roster_schedule)
           SELECT r.piece_id AS piece, r.title, r.release_date AS "out", r.teaser_date AS teaser,
                  r.deliver_by AS "deliver by",
                  CASE WHEN g.passed THEN 'passed' WHEN g.passed = false THEN 'REFUSED' END AS gate,
                  CASE WHEN EXISTS (SELECT 1 FROM release_messages m WHERE m.release_id = r.release_id
                                    AND m.kind = 'takedown') THEN 'taken down'
                       WHEN d.status = 'delivered' AND r.release_date <= (SELECT d FROM today) THEN 'live'
                       ELSE d.status END AS state,
                  (SELECT count(*) FROM release_messages m WHERE m.release_id = r.release_id) AS messages
           FROM releases r LEFT JOIN release_gate g USING (release_id) LEFT JOIN deliveries d USING (release_id)
           ORDER BY r.release_date, r.piece_id"""
    )
    show(_table("releases", rows))


def _send(release: str, kind, reason: str, by: str, **dates) -> None:
    from ai_artist_dagster.defs.releases.messages import ReleaseMessageError, send
    from ai_artist_dagster.defs.releases.resources import DeliveryResource
    from ai_artist_dagster.defs.resources import default_resources

    delivery = default_resources()["delivery"]
    assert isinstance(delivery, DeliveryResource)
    try:
        message = send(_warehouse(), release, kind, reason, by, calendar_rules(), delivery.target(), **dates)
    except ReleaseMessageError as exc:
        raise typer.BadParameter(str(exc), param_hint="RELEASE") from exc
    console.print(
        f"{message.release_id}: {kind} {message.message_id} delivered to {message.target} "
        f"(batch {message.batch_id}); release date {message.release_date}"
        + (f", deals end {message.end_date}" if message.end_date else "")
    )


@releases_app.command()
def reschedule(
    release: Annotated[str, typer.Argument(help="Release id (AIA-…) or piece id (DATE__ARTIST).")],
    to: Annotated[str, typer.Option(help="The new release date, YYYY-MM-DD.")],
    reason: Annotated[str, typer.Option(help="Why (kept with the message).")],
    by: Annotated[str, typer.Option(help="Who asks.")] = "operator",
) -> None:
    """Move a delivered release to another date: an ERN update (new deal start and teaser date),
    validated and delivered as a batch of its own."""
    _send(release, "update", reason, by, release_on=_date(to, "--to"))


@releases_app.command()
def takedown(
    release: Annotated[str, typer.Argument(help="Release id (AIA-…) or piece id (DATE__ARTIST).")],
    reason: Annotated[str, typer.Option(help="Why (kept with the message).")],
    on: Annotated[str | None, typer.Option(help="Last day of the deals, YYYY-MM-DD (default: today).")] = None,
    by: Annotated[str, typer.Option(help="Who asks.")] = "operator",
) -> None:
    """Take a delivered release down: an ERN message ending every deal, validated and delivered."""
    _send(release, "takedown", reason, by, end_on=_date(on, "--on") if on else None)


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date: write it as YYYY-MM-DD", param_hint=option) from None
