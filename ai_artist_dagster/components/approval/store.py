"""Where the gate keeps its state: an append-only decision log in the warehouse (`review_decisions`,
with the `piece_status` view of each item's latest decision), so it survives daemon and code-server
restarts, and the same decision as a Dagster asset observation on the gate asset, so the UI shows
who decided what and when beside the item's partition."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

import dagster as dg
from pydantic import BaseModel

from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows, now

Decision = Literal["pending", "approved", "rejected", "regenerate"]
Channel = Literal["telegram", "shell", "autopilot"]
CHANNELS: tuple[Channel, ...] = ("telegram", "shell", "autopilot")


class ReviewItem(BaseModel):
    """What one partition of the gate asset puts up for review."""

    piece_id: str
    date: str
    artist_id: str


def item_of(key: dg.MultiPartitionKey | str) -> ReviewItem:
    """The reviewed item of a date × subject partition (the subject is the key's other dimension)."""
    if not isinstance(key, dg.MultiPartitionKey):
        raise dg.Failure(f"the approval gate reviews date × subject partitions, not {key!r}")
    dims = dict(key.keys_by_dimension)
    date = dims.pop("date")
    [subject] = dims.values()
    return ReviewItem(piece_id=f"{date}__{subject}", date=date, artist_id=subject)


class DecisionRecord(BaseModel):
    decision_id: str
    piece_id: str
    date: str
    artist_id: str
    decision: Decision
    decided_by: str  # system | autopilot | shell:<user> | telegram:<user id>
    feedback: str | None = None
    decided_at: dt.datetime


class ItemStatus(BaseModel):
    """An item's latest decision (the `piece_status` view)."""

    decision: Decision
    decided_by: str
    decided_at: dt.datetime
    review_round: int
    round_started_at: dt.datetime | None = None  # when the current review round's `pending` was recorded


def decision(
    item: ReviewItem,
    what: Decision,
    decided_by: str,
    feedback: str | None = None,
    decision_id: str | None = None,
) -> DecisionRecord:
    return DecisionRecord(
        decision_id=decision_id or uuid.uuid4().hex,
        piece_id=item.piece_id,
        date=item.date,
        artist_id=item.artist_id,
        decision=what,
        decided_by=decided_by,
        feedback=feedback,
        decided_at=now(),
    )


def decision_row(
    pid: str, date: str, artist_id: str, what: Decision, decided_by: str, feedback: str | None = None
) -> dict:
    """One `review_decisions` row (tests and simulations write them directly)."""
    return decision(ReviewItem(piece_id=pid, date=date, artist_id=artist_id), what, decided_by, feedback).model_dump()


def record(con, decisions: list[DecisionRecord]) -> None:
    """Append decisions inside the caller's write transaction."""
    insert_rows(con, "review_decisions", [d.model_dump() for d in decisions])


def status(wh: Warehouse, piece_id: str) -> ItemStatus | None:
    rows = wh.query(
        "SELECT decision, decided_by, decided_at, review_round, round_started_at FROM piece_status WHERE piece_id = ?",
        [piece_id],
    )
    return ItemStatus.model_validate(rows[0]) if rows else None


def observation(gate: str, partition: str, d: DecisionRecord, channel: str) -> dg.AssetObservation:
    """The decision as Dagster sees it: an observation of the gate asset's partition."""
    return dg.AssetObservation(
        asset_key=gate,
        partition=partition,
        metadata={
            "decision": d.decision,
            "decided_by": d.decided_by,
            "channel": channel,
            "decided_at": d.decided_at.isoformat(timespec="seconds"),
            "feedback": d.feedback or "",
            "decision_id": d.decision_id,
        },
    )


def channel_of(decided_by: str) -> str:
    """The channel a decision came through, from who made it (`telegram:42` → telegram)."""
    return decided_by.split(":", 1)[0]


def record_from_shell(wh: Warehouse, instance: dg.DagsterInstance, gate: str, made: list[DecisionRecord]) -> None:
    """Decisions made outside any run (the shell): appended, then observed on the gate's partitions."""
    with wh.write() as con:
        record(con, made)
    for d in made:
        key = dg.MultiPartitionKey({"date": d.date, "artist": d.artist_id})
        instance.report_runless_asset_event(observation(gate, str(key), d, "shell"))
