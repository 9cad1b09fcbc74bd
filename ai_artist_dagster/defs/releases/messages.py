"""Messages about a release after its first delivery: an update (a new release date) or a takedown.

Each is an ERN 4.3 NewReleaseMessage in the release's message thread (domain/ddex.revise_ern),
validated against the schema, delivered as a batch of its own to the configured target (the
outbox or SFTP) and recorded in `release_messages`. Used by `ai-artist releases reschedule` and
`ai-artist releases takedown`.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from ai_artist_dagster.lib.schemas.rules import CalendarRules
from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows, now

if TYPE_CHECKING:
    from ai_artist_dagster.providers.delivery import DeliveryTarget

Kind = Literal["update", "takedown"]


class ReleaseMessage(BaseModel):
    message_id: str
    release_id: str
    kind: Kind
    release_date: dt.date
    end_date: dt.date | None
    target: str
    batch_id: str
    remote_path: str


MAX_DAYS_AHEAD = 730  # a release or takedown date at most two years out (9999-12-31 was accepted)
SENDING_STALE = dt.timedelta(minutes=30)  # a message "sending" this long was cut off (killed): its id stays spent


def _reserve(wh: Warehouse, release_id: str, prefix: str, row: dict) -> str:
    """The release's next MessageId, recorded as ``sending`` before anything is delivered, in one
    write (DuckDB's single writer, or DuckLake's conflict check, makes it atomic): two reschedules
    at once no longer send two batches with one MessageId, and a delivery whose record failed no
    longer lets the next message reuse its id. One message of a release is sent at a time."""
    with wh.write() as con:
        busy = con.execute(
            "SELECT message_id, created_at FROM release_messages WHERE release_id = ? AND status = 'sending'",
            [release_id],
        ).fetchall()
        for message_id, created_at in busy:
            if now() - created_at < SENDING_STALE:
                raise ReleaseMessageError(f"{message_id} of {release_id} is being delivered; try again when it is")
            con.execute("UPDATE release_messages SET status = 'failed' WHERE message_id = ?", [message_id])
        sent = con.execute("SELECT count(*) FROM release_messages WHERE release_id = ?", [release_id]).fetchone()
        message_id = f"{prefix}{(sent[0] if sent else 0) + 1}"
        insert_rows(con, "release_messages", [{"message_id": message_id, **row}])
    return message_id


class ReleaseMessageError(ValueError):
    """The release cannot take this message (unknown, never delivered, a date that does not fit)."""


def send(
    wh: Warehouse,
    release_or_piece: str,
    kind: Kind,
    reason: str,
    by: str,
    rules: CalendarRules,
    target: DeliveryTarget,
    release_on: dt.date | None = None,
    end_on: dt.date | None = None,
) -> ReleaseMessage:
    """Build, validate, deliver and record an update (``release_on``: the new release date) or a
    takedown (``end_on``: the last day the deals run, default today) of a delivered release to
    ``target``."""
    from ai_artist_dagster.domain.calendar import release_dates
    from ai_artist_dagster.domain.ddex import revise_ern, validate_ern
    from ai_artist_dagster.lib import media
    from ai_artist_dagster.providers.delivery import new_batch_id

    rows = wh.query("SELECT * FROM releases WHERE release_id = ? OR piece_id = ?", [release_or_piece, release_or_piece])
    if not rows:
        raise ReleaseMessageError(f"no release {release_or_piece!r} (give a release id or a piece id)")
    release = rows[0]
    if not wh.query("SELECT 1 FROM deliveries WHERE release_id = ? AND status = 'delivered'", [release["release_id"]]):
        raise ReleaseMessageError(
            f"{release['release_id']} was never delivered: nothing to {kind}; the gate or the delivery holds it "
            "(ai-artist status)"
        )
    manifest = json.loads(release["manifest"])
    folder = media.configured().local(release["path"])
    original = (folder / manifest["ern_file"]).read_bytes()
    current = release["release_date"] or release["date"]
    stamp = now()
    if down := wh.query(
        "SELECT end_date FROM release_messages WHERE release_id = ? AND kind = 'takedown' AND status = 'delivered'",
        [release["release_id"]],
    ):  # an update after it would send open-ended deals again: the release would be back in the stores
        raise ReleaseMessageError(
            f"{release['release_id']} was taken down (deals ended {down[0]['end_date']}); it takes no further "
            f"{kind}: release the piece again as a new release if it should come back"
        )
    latest = stamp.date() + dt.timedelta(days=MAX_DAYS_AHEAD)
    for name, day in (("release date", release_on), ("takedown date", end_on)):
        if day is not None and not release["date"] <= day <= latest:
            raise ReleaseMessageError(
                f"the {name} {day} is outside {release['date']} (the piece's date) … {latest} (two years from today)"
            )
    if kind == "update":
        if release_on is None:
            raise ReleaseMessageError("an update needs the new release date (--to YYYY-MM-DD)")
        if release_on < release["date"] + dt.timedelta(days=rules.lead_days):
            raise ReleaseMessageError(
                f"{release_on} is less than the delivery lead time ({rules.lead_days} days) after the piece's "
                f"date {release['date']}; pick a later date or lower AI_ARTIST_DELIVERY_LEAD_DAYS"
            )
        moved = release_dates(release["date"], release_on, rules)
        new_date, end_date = release_on, None
    else:
        end_date = end_on or stamp.date()
        new_date = current
    batch_id = new_batch_id()
    row = {
        "release_id": release["release_id"],
        "kind": kind,
        "release_date": new_date,
        "end_date": end_date,
        "reason": reason,
        "requested_by": by,
        "target": target.label,
        "batch_id": batch_id,
        "status": "sending",
        "created_at": stamp,
    }
    message_id = _reserve(
        wh, release["release_id"], f"{release['release_id']}-{manifest['upc']}-{kind[0].upper()}", row
    )
    try:
        if kind == "update":
            xml = revise_ern(original, message_id, stamp, release_date=release_on, announce_date=moved.teaser_on)
        else:
            xml = revise_ern(original, message_id, stamp, end_date=end_date)
            if end_date < current:  # taken down before it came out: the deals must not end before they start
                xml = revise_ern(xml, message_id, stamp, release_date=end_date, end_date=end_date)
        if errors := validate_ern(xml):
            raise ReleaseMessageError(
                f"the {kind} message of {release['release_id']} is not valid ERN 4.3: {errors[:3]}"
            )
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / manifest["ern_file"]).write_bytes(xml)
            receipt = target.deliver(batch_id, manifest["upc"], Path(tmp))
    except BaseException:
        with wh.write() as con:  # the id stays spent: a retry sends the next one, never a second of this one
            con.execute("UPDATE release_messages SET status = 'failed' WHERE message_id = ?", [message_id])
        raise
    with wh.write() as con:
        con.execute("UPDATE release_messages SET status = 'delivered' WHERE message_id = ?", [message_id])
        if kind == "update":
            con.execute(
                "UPDATE releases SET release_date = ?, teaser_date = ?, deliver_by = ? WHERE release_id = ?",
                [*moved, release["release_id"]],
            )
    return ReleaseMessage(
        message_id=message_id,
        release_id=release["release_id"],
        kind=kind,
        release_date=new_date,
        end_date=end_date,
        target=target.label,
        batch_id=batch_id,
        remote_path=receipt.remote_path,
    )
