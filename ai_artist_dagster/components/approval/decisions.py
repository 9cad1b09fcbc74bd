"""Decisions that arrive from outside the run that made the item — a Telegram button or reply,
requested by the review sensor, which cannot write the warehouse — applied exactly once; and the
`approved` check that holds the gated assets."""

from __future__ import annotations

from typing import cast

import dagster as dg

from ai_artist_dagster.components.approval import store


class DecisionConfig(dg.Config):
    decision: str  # approved | rejected | regenerate
    decided_by: str  # e.g. telegram:<user id>
    source_id: str  # e.g. telegram:<update id>; recorded as the decision id, so it applies once
    feedback: str | None = None
    callback_id: str | None = None  # the Telegram button press to answer with the outcome


LABELS = {"approved": "Approved ✅", "rejected": "Rejected ❌", "regenerate": "Regenerating 🔁"}


def apply_decision(context: dg.AssetExecutionContext, config: DecisionConfig, gate: str) -> dg.MaterializeResult:
    if config.decision not in LABELS:
        raise dg.Failure(f"unknown decision {config.decision!r} for {context.partition_key}")
    item = store.item_of(context.partition_key)
    wh = context.resources.warehouse.get()
    telegram = context.resources.telegram
    what = cast(store.Decision, config.decision)
    made = store.decision(item, what, config.decided_by, config.feedback, decision_id=config.source_id)
    with wh.write() as con:
        seen = con.execute("SELECT 1 FROM review_decisions WHERE decision_id = ?", [config.source_id]).fetchone()
        status = con.execute("SELECT decision FROM piece_status WHERE piece_id = ?", [item.piece_id]).fetchone()
        applied = not seen and status is not None and status[0] == "pending"
        if applied:
            store.record(con, [made])
    if applied:
        context.log_event(store.observation(gate, context.partition_key, made, store.channel_of(config.decided_by)))
    outcome = (
        "applied" if applied else ("duplicate" if seen else f"ignored: piece is {status[0] if status else 'unknown'}")
    )
    context.log.info(f"{item.piece_id}: {config.decision} by {config.decided_by} — {outcome}")
    if config.callback_id and telegram.configured:
        from ai_artist_dagster.providers.review.telegram import TelegramError

        said = LABELS[config.decision] if applied else "this piece was already decided"
        try:
            telegram.channel().answer([(config.callback_id, said)])
        except TelegramError as exc:  # the decision stands; only the reviewer's confirmation is lost
            context.log.warning(f"{item.piece_id}: could not answer the Telegram button ({exc})")
    return dg.MaterializeResult(
        metadata={
            "piece_id": item.piece_id,
            "decision": config.decision,
            "decided_by": config.decided_by,
            "feedback": config.feedback or "",
            "outcome": outcome,
        }
    )


def check_approved(context: dg.AssetCheckExecutionContext, gated: list[str]) -> dg.AssetCheckResult:
    """Passes for an approved item. Otherwise it fails with ERROR when this run would materialize a
    gated asset — being blocking, Dagster then skips them — and with WARN when nothing gated is in the
    run (materializing the gate asset alone, say, is no failure while the item waits for review)."""
    op_context = context.op_execution_context
    item = store.item_of(op_context.partition_key)
    found = store.status(context.resources.warehouse.get(), item.piece_id)
    state = found.decision if found else "not reviewed"
    in_run = op_context.job_def.asset_layer.selected_asset_keys
    held = [g for g in gated if dg.AssetKey(g) in in_run]
    if state == "approved":
        said = f"{item.piece_id} is approved by {found.decided_by if found else '?'}; {', '.join(gated)} may proceed"
    elif held:
        said = f"{item.piece_id} is {state}: {', '.join(held)} held until it is approved " + (
            f"(Telegram, or `ai-artist review approve {item.piece_id}`)"
        )
    else:
        said = f"{item.piece_id} is {state}; nothing gated runs in this run"
    return dg.AssetCheckResult(
        passed=state == "approved",
        severity=dg.AssetCheckSeverity.ERROR if held else dg.AssetCheckSeverity.WARN,
        description=said,
        metadata={
            "piece_id": item.piece_id,
            "decision": state,
            "decided_by": found.decided_by if found else "",
            "decided_at": found.decided_at.isoformat(timespec="seconds") if found else "",
            "holds": ", ".join(held) or "nothing in this run",
        },
    )
