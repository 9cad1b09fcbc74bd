"""An artist from an operator's description, from the Dagster UI (`create_artist_job`, run config)
or the shell (`ai-artist artists create`): both call add_artist_from_prompt."""

import datetime as dt

import dagster as dg
from pydantic import Field

from ai_artist_dagster.defs.artists.resources import RosterResource
from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib import records
from ai_artist_dagster.lib.partitions import artist_partitions
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.schemas import ArtistRecord
from ai_artist_dagster.lib.schemas.rules import RosterRules
from ai_artist_dagster.lib.warehouse import Warehouse, now, replace_rows


class NoTrendsYet(LookupError):
    pass


class UnpublishableName(ValueError):
    """A name the stores would refuse: checked when the artist is made, not when its first release is."""


def add_artist_from_prompt(
    wh: Warehouse,
    instance: dg.DagsterInstance,
    rules: RosterRules,
    description: str,
    name: str | None = None,
    date: str | None = None,
) -> ArtistRecord:
    """Write a candidate artist built from ``description`` and the trends of ``date`` (default: the
    latest report) and register its ``artists`` partition; the next cycle schedules it first and
    writes its profile from the description."""
    from ai_artist_dagster.domain.release_gate import style_problems
    from ai_artist_dagster.domain.roster import prompted_artist

    if name is not None and (problems := style_problems("the name", name)):
        raise UnpublishableName(f"{name!r} cannot be published: {'; '.join(problems)}")

    day = date or str(wh.query("SELECT max(chart_date) AS d FROM trend_reports")[0]["d"] or "")
    if not day:
        raise NoTrendsYet("no trend report yet: run a daily cycle once (`ai-artist run`), then create artists")
    trend = records.latest_trend_report(wh, day)
    record = prompted_artist(
        " ".join(description.split()), records.all_artists(wh), trend, dt.date.fromisoformat(day), rules, name
    )
    with wh.write() as con:
        replace_rows(con, "artists", {"artist_id": record.artist_id}, [records.artist_row(record, now())])
        event = {"date": day, "artist_id": record.artist_id, "old_status": None, "new_status": "candidate",
                 "reason": "created from a description"}  # fmt: skip
        replace_rows(con, "lifecycle_events", {"date": day, "artist_id": record.artist_id}, [event])
    instance.add_dynamic_partitions(str(artist_partitions.name), [record.artist_id])
    return record


def review_note(record: ArtistRecord) -> str:
    """What happens to the artist's pieces, said where the operator looks when it is made."""
    if record.autopilot:
        return (
            "It is on autopilot (AI_ARTIST_AUTOPILOT_DEFAULT): its pieces are approved and released at once; "
            f"`ai-artist autopilot {record.artist_id} off` makes them wait for a reviewer."
        )
    return (
        "Its pieces wait for a reviewer (`ai-artist review list`); "
        f"`ai-artist autopilot {record.artist_id} on` approves and releases them at once."
    )


class ArtistDescription(dg.Config):
    prompt: str = Field(
        min_length=10,
        max_length=600,
        description='who the artist is, e.g. "a mysterious electronic music producer with dark, atmospheric '
        'soundscapes and minimal public presence"',
    )
    name: str | None = Field(default=None, description="the artist's name (default: invented)")
    date: str | None = Field(default=None, description="use the trends of this chart date (default: the latest)")


@dg.op(pool=DUCKDB_WRITE)
def create_artist_from_prompt(
    context: dg.OpExecutionContext, config: ArtistDescription, warehouse: WarehouseResource, roster: RosterResource
) -> None:
    """Add a candidate artist from the description in the run config: the genre, mood and tempo it
    names, a key and tempo band no live artist has and its genre's performers from the trends."""
    from ai_artist_dagster.domain.music_theory import key_name

    try:
        record = add_artist_from_prompt(
            warehouse.get(), context.instance, roster.rules(), config.prompt, config.name, config.date
        )
    except (NoTrendsYet, records.MissingRecordError, UnpublishableName) as exc:
        raise dg.Failure(str(exc)) from None
    n = record.niche
    context.log.info(
        f"{record.name} ({record.artist_id}) joins the roster as a candidate: {n.genre}, {n.mood}, "
        f"{key_name(n.key, n.mode)}, {n.tempo_bpm} bpm; influences {', '.join(n.influences) or '—'}. "
        + review_note(record)
    )


@dg.job(
    description="Add an artist from a description (run config: prompt, name, date); the next daily cycle makes its first song."
)
def create_artist_job() -> None:
    create_artist_from_prompt()
