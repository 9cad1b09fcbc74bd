"""`review_requests`: each new piece enters review (or is approved by autopilot)."""

import uuid

import dagster as dg

from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib import records
from ai_artist_dagster.lib.partitions import artist_day_partitions, split_artist_day
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.warehouse import insert_rows, now


def decision_row(
    pid: str, date: str, artist_id: str, decision: str, decided_by: str, feedback: str | None = None
) -> dict:
    return {
        "decision_id": uuid.uuid4().hex,
        "piece_id": pid,
        "date": date,
        "artist_id": artist_id,
        "decision": decision,
        "decided_by": decided_by,
        "feedback": feedback,
        "decided_at": now(),
    }


@dg.asset(
    group_name="review",
    kinds={"duckdb"},
    partitions_def=artist_day_partitions,
    deps=["reflections"],
    pool=DUCKDB_WRITE,
)
def review_requests(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Puts the piece up for human review (`pending` in `review_decisions`), or approves it at once
    when the artist is on autopilot. A piece already decided keeps its decision."""
    date, artist_id = split_artist_day(context)
    pid = records.piece_id(date, artist_id)
    wh = warehouse.get()
    artist = records.artist(wh, artist_id)
    current = wh.query("SELECT decision, decided_by FROM piece_status WHERE piece_id = ?", [pid])
    if current and current[0]["decision"] != "regenerate":
        status, by = current[0]["decision"], current[0]["decided_by"]
    else:
        status, by = ("approved", "autopilot") if artist.autopilot else ("pending", "system")
        with wh.write() as con:
            insert_rows(con, "review_decisions", [decision_row(pid, date, artist_id, "pending", "system")])
            if artist.autopilot:
                insert_rows(con, "review_decisions", [decision_row(pid, date, artist_id, "approved", "autopilot")])
    reflection = wh.query("SELECT score, summary FROM reflections WHERE piece_id = ?", [pid])
    return dg.MaterializeResult(
        metadata={
            "piece_id": pid,
            "status": status,
            "decided_by": by,
            "autopilot": artist.autopilot,
            "critic": reflection[0]["summary"] if reflection else "",
            "how_to_review": f"ai-artist review approve {pid}  |  ai-artist review reject {pid}",
        }
    )
