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
    sent = wh.query("SELECT count(*) AS n FROM release_messages WHERE release_id = ?", [release["release_id"]])[0]["n"]
    message_id = f"{release['release_id']}-{manifest['upc']}-{kind[0].upper()}{sent + 1}"
    stamp = now()
    if kind == "update":
        if release_on is None:
            raise ReleaseMessageError("an update needs the new release date (--to YYYY-MM-DD)")
        if release_on < release["date"] + dt.timedelta(days=rules.lead_days):
            raise ReleaseMessageError(
                f"{release_on} is less than the delivery lead time ({rules.lead_days} days) after the piece's "
                f"date {release['date']}; pick a later date or lower AI_ARTIST_DELIVERY_LEAD_DAYS"
            )
        moved = release_dates(release["date"], release_on, rules)
        xml = revise_ern(original, message_id, stamp, release_date=release_on, announce_date=moved.teaser_on)
        new_date, end_date = release_on, None
    else:
        end_date = end_on or stamp.date()
        xml = revise_ern(original, message_id, stamp, end_date=end_date)
        new_date = current
        if end_date < current:  # taken down before it came out: the deals must not end before they start
            xml = revise_ern(xml, message_id, stamp, release_date=end_date, end_date=end_date)
    if errors := validate_ern(xml):
        raise ReleaseMessageError(f"the {kind} message of {release['release_id']} is not valid ERN 4.3: {errors[:3]}")
    batch_id = new_batch_id()
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / manifest["ern_file"]).write_bytes(xml)
        receipt = target.deliver(batch_id, manifest["upc"], Path(tmp))
    with wh.write() as con:
        insert_rows(
            con,
            "release_messages",
            [
                {
                    "message_id": message_id,
                    "release_id": release["release_id"],
                    "kind": kind,
                    "release_date": new_date,
                    "end_date": end_date,
                    "reason": reason,
                    "requested_by": by,
                    "target": target.label,
                    "batch_id": batch_id,
                    "status": "delivered",
                    "created_at": stamp,
                }
            ],
        )
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
