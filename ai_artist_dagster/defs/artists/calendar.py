"""`content_calendar`: each artist's plan of releases, teasers and posts over the coming weeks."""

import datetime as dt
from typing import TYPE_CHECKING

import dagster as dg

from ai_artist_dagster.defs.artists.resources import CalendarResource
from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource
from ai_artist_dagster.lib import markdown, records
from ai_artist_dagster.lib.partitions import artist_partitions
from ai_artist_dagster.lib.paths import artist_dir
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.schemas.rules import CalendarRules
from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows, now

if TYPE_CHECKING:
    from ai_artist_dagster.domain.calendar import CalendarSlot


def artist_calendar(wh: Warehouse, artist_id: str, rules: CalendarRules) -> tuple[dt.date, int, list["CalendarSlot"]]:
    """(as of, profile version, slots): the artist's calendar from the warehouse as it stands — the
    slots its pieces hold, then the cadence's plan. "Today" is the cycle's latest day (the chart date
    the roster last ran), so a backfilled history plans from its own dates."""
    from ai_artist_dagster.domain.calendar import Booked, plan

    profile = records.latest_profile(wh, artist_id)
    record = records.artist(wh, artist_id)
    latest = wh.query("SELECT max(date) AS d FROM roster_schedule")[0]["d"]
    today = max(d for d in (latest, record.created_on) if d is not None)
    booked = [
        Booked(
            number=b["number"],
            release_on=b["release_on"],
            made_on=b["made_on"],
            piece_id=b["piece_id"],
            state=b["state"],
        )
        for b in records.calendar_bookings(wh, artist_id)
        if b["release_on"] is not None
    ]
    metrics = wh.query(
        "SELECT recent_approval_rate FROM artist_metrics WHERE artist_id = ? ORDER BY date DESC LIMIT 1", [artist_id]
    )
    rate = metrics[0]["recent_approval_rate"] if metrics else None
    return today, profile.version, plan(today, booked, profile.themes, rate, rules)


def next_pieces(wh: Warehouse, rules: CalendarRules, limit: int = 5) -> list[str]:
    """When each artist's calendar next makes a piece, soonest first (said on a day none is due, by
    `ai-artist run` and the cycle sensor alike)."""
    ids = wh.query(
        "SELECT DISTINCT a.artist_id FROM artists a JOIN profile_versions p USING (artist_id) "
        "WHERE a.status IN ('candidate', 'active') ORDER BY 1"
    )
    upcoming = []
    for row in ids:
        _, _, slots = artist_calendar(wh, row["artist_id"], rules)
        if slot := next((s for s in slots if s.state == "planned"), None):
            upcoming.append((slot.make_on, f"{row['artist_id']} on {slot.make_on} (release {slot.release_on})"))
    return [line for _, line in sorted(upcoming)[:limit]]


@dg.asset(
    kinds={"duckdb", "png"},
    partitions_def=artist_partitions,
    deps=["artist_profiles"],
    pool=DUCKDB_WRITE,
)
def content_calendar(
    context: dg.AssetExecutionContext,
    calendar: CalendarResource,
    storage: StorageResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """The artist's content calendar over the next weeks (AI_ARTIST_CALENDAR_HORIZON_WEEKS): release
    slots on the release weekday, spaced by a gap that shortens as reviewers approve more of its
    pieces; for each, the day its piece is made, the delivery deadline (lead time), the teaser date
    and the posting days; and a theme and phase of the artist's arc (introduce → deepen → turn →
    resolve) that the lyrics of that release are about. The roster schedules an artist on the days
    its calendar makes a piece. Rebuilt with every profile version; `ai-artist calendar` shows the
    live state. Rows in `content_calendar`, a timeline PNG beside the profile."""
    from ai_artist_dagster.domain.calendar import events
    from ai_artist_dagster.lib.files import atomic_write_bytes
    from ai_artist_dagster.lib.plots import markdown_image, timeline_png

    artist_id = context.partition_key
    wh = warehouse.get()
    today, version, slots = artist_calendar(wh, artist_id, calendar.rules())
    stamp = now()
    rows = [
        {
            "artist_id": artist_id,
            **s.model_dump(),
            "profile_version": version,
            "as_of": today,
            "computed_at": stamp,
        }
        for s in slots
    ]
    with wh.write() as con:
        con.execute("DELETE FROM content_calendar WHERE artist_id = ?", [artist_id])
        insert_rows(con, "content_calendar", rows)
    name = records.artist(wh, artist_id).name
    timeline = [(d.isoformat(), kind, f"#{s.number + 1} {s.theme}") for d, kind, s in events(slots)]
    png = timeline_png(timeline, f"{name}: content calendar from {today}")
    path = atomic_write_bytes(artist_dir(storage.root, artist_id) / "calendar.png", png)
    storage.media().publish(path)
    table = markdown.table(
        ["#", "release", "state", "make", "deliver by", "teaser", "posts", "arc"],
        [
            (
                s.number + 1,
                f"{s.release_on:%a %Y-%m-%d}",
                s.state,
                f"{s.make_on:%b %d}",
                f"{s.deliver_by:%b %d}",
                f"{s.teaser_on:%b %d}",
                len(s.post_on),
                f"{s.phase}: {s.theme}",
            )
            for s in slots
        ],
    )
    context.log.info(
        f"{artist_id}: {len(slots)} release slot(s) from {today}"
        + (f", next release {slots[0].release_on}" if slots else "")
    )
    return dg.MaterializeResult(
        metadata={
            "as_of": today.isoformat(),
            "profile_version": version,
            "releases_planned": len(slots),
            "next_release": slots[0].release_on.isoformat() if slots else "none",
            "calendar": dg.MetadataValue.md(table),
            "timeline": dg.MetadataValue.md(markdown_image(png, "content calendar")),
            "path": dg.MetadataValue.path(str(path)),
        }
    )
