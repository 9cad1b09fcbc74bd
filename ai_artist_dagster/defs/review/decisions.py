"""`review_decision`: records one reviewer decision that arrived from outside the shell (a
Telegram button or reply), requested by the review sensor, which cannot write the warehouse."""

import dagster as dg

from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.defs.review.assets import decision_row
from ai_artist_dagster.defs.review.resources import TelegramResource
from ai_artist_dagster.lib import records
from ai_artist_dagster.lib.partitions import artist_day_partitions, split_artist_day
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.warehouse import insert_rows


class DecisionConfig(dg.Config):
    decision: str  # approved | rejected | regenerate
    decided_by: str  # e.g. telegram:<user id>
    source_id: str  # e.g. telegram:<update id>; recorded as the decision id, so it applies once
    feedback: str | None = None
    callback_id: str | None = None  # the Telegram button press to answer with the outcome


LABELS = {"approved": "Approved ✅", "rejected": "Rejected ❌", "regenerate": "Regenerating 🔁"}


@dg.asset(
    kinds={"duckdb", "telegram"},
    partitions_def=artist_day_partitions,
    pool=DUCKDB_WRITE,
    deps=["review_requests"],
)
def review_decision(
    context: dg.AssetExecutionContext, config: DecisionConfig, warehouse: WarehouseResource, telegram: TelegramResource
) -> dg.MaterializeResult:
    """Applies a reviewer's decision exactly once: the decision id is the update that carried it,
    and only a piece that is still pending changes; then answers the reviewer's button with the
    outcome. Approvals are released by the cycle sensor;
    regenerations re-run the piece's content with the feedback; rejections count towards the
    artist's retirement threshold."""
    if config.decision not in ("approved", "rejected", "regenerate"):
        raise dg.Failure(f"unknown decision {config.decision!r} for {context.partition_key}")
    date, artist_id = split_artist_day(context)
    pid = records.piece_id(date, artist_id)
    wh = warehouse.get()
    with wh.write() as con:
        seen = con.execute("SELECT 1 FROM review_decisions WHERE decision_id = ?", [config.source_id]).fetchone()
        status = con.execute("SELECT decision FROM piece_status WHERE piece_id = ?", [pid]).fetchone()
        applied = not seen and status is not None and status[0] == "pending"
        if applied:
            row = decision_row(pid, date, artist_id, config.decision, config.decided_by, config.feedback)
            insert_rows(con, "review_decisions", [{**row, "decision_id": config.source_id}])
    outcome = (
        "applied" if applied else ("duplicate" if seen else f"ignored: piece is {status[0] if status else 'unknown'}")
    )
    context.log.info(f"{pid}: {config.decision} by {config.decided_by} — {outcome}")
    if config.callback_id and telegram.configured:
        from ai_artist_dagster.providers.review.telegram import TelegramError

        said = LABELS[config.decision] if applied else "this piece was already decided"
        try:
            telegram.channel().answer([(config.callback_id, said)])
        except TelegramError as exc:  # the decision stands; only the reviewer's confirmation is lost
            context.log.warning(f"{pid}: could not answer the Telegram button ({exc})")
    return dg.MaterializeResult(
        metadata={
            "piece_id": pid,
            "decision": config.decision,
            "decided_by": config.decided_by,
            "feedback": config.feedback or "",
            "outcome": outcome,
        }
    )
