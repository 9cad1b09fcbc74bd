"""`telegram_review_sensor` (built per gate): reviewer decisions from Telegram, applied exactly once.

Each tick reads the bot's pending updates after the cursor (the last update_id), keeps only
button presses and preview replies from the review chat and allow-listed users, with a valid,
unexpired signature, for pieces still pending; answers refused button presses with the reason; and
requests one run of the gate's decision asset per accepted decision with the update id as run key and
decision id — a re-delivered update can never apply twice. That run applies the decision and
answers the button with what actually happened. The sensor only reads the warehouse (and does no
per-decision HTTP), so a burst of presses stays a fast tick.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import dagster as dg
import duckdb

from ai_artist_dagster.components.approval.telegram import TelegramResource
from ai_artist_dagster.lib.warehouse import SENSOR_READ_WAIT_S, WarehouseBusy

if TYPE_CHECKING:
    from dagster._core.definitions.unresolved_asset_job_definition import UnresolvedAssetJobDefinition

# Updates handled per tick: ~1 s of work, far inside Dagster's 60 s sensor timeout; a larger backlog
# drains over the next ticks (the cursor moves past what was handled).
UPDATES_PER_TICK = 1000


def build_telegram_sensor(
    job: "UnresolvedAssetJobDefinition",
    decision_asset: str,
    partition_of: Callable[[str, str], dg.MultiPartitionKey],
    interval_s: int,
    allowed_user_ids: list[int] | None,
) -> dg.SensorDefinition:
    @dg.sensor(
        name="telegram_review_sensor",
        job=job,
        minimum_interval_seconds=interval_s,
        default_status=dg.DefaultSensorStatus.RUNNING,
    )
    def telegram_review_sensor(
        context: dg.SensorEvaluationContext, telegram: TelegramResource, warehouse: dg.ResourceParam[Any]
    ) -> dg.SensorResult | dg.SkipReason:
        """Polls Telegram (getUpdates) for review decisions; skips while TELEGRAM_BOT_TOKEN or
        TELEGRAM_CHAT_ID is unset."""
        allowed = frozenset(allowed_user_ids) if allowed_user_ids is not None else telegram.allowed()
        return _tick(context, telegram, warehouse, decision_asset, partition_of, allowed)

    return telegram_review_sensor


def _tick(context, telegram, warehouse, decision_asset, partition_of, allowed) -> dg.SensorResult | dg.SkipReason:
    from ai_artist_dagster.domain.review.signing import piece_ref
    from ai_artist_dagster.domain.review.updates import interpret
    from ai_artist_dagster.providers.review.telegram import TelegramError

    if not telegram.configured:
        return dg.SkipReason("Telegram review is off: set TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID")
    wh = warehouse.get().waiting_at_most(SENSOR_READ_WAIT_S)
    if not wh.exists():
        return dg.SkipReason(f"no warehouse yet at {wh.location}")
    try:
        pending = wh.query(
            "SELECT piece_id, strftime(date, '%Y-%m-%d') AS date, artist_id, review_round FROM piece_status "
            "WHERE decision = 'pending'"
        )
        # Only the current round's previews take replies: an older one showed a piece since regenerated.
        messages = wh.query(
            "SELECT m.piece_id, m.message_id FROM review_messages m JOIN piece_status s USING (piece_id) "
            "WHERE m.channel = 'telegram' AND s.decision = 'pending' AND m.sent_at >= s.round_started_at"
        )
    except (duckdb.IOException, WarehouseBusy) as exc:
        return dg.SkipReason(f"warehouse busy ({exc}); trying again next tick")
    channel = telegram.channel()
    offset = int(context.cursor) + 1 if context.cursor else None
    try:
        updates = channel.updates(offset, max_updates=UPDATES_PER_TICK)
    except TelegramError as exc:
        return dg.SkipReason(f"could not read Telegram updates: {exc}")
    if not updates:
        return dg.SkipReason("no new Telegram updates")
    by_piece = {p["piece_id"]: p for p in pending}
    decisions, refusals = interpret(
        updates,
        secret=telegram.secret(),
        chat_id=int(telegram.chat_id),
        allowed_users=allowed,
        pending_by_ref={piece_ref(pid): pid for pid in by_piece},
        pending_by_message={m["message_id"]: m["piece_id"] for m in messages},
        versions={pid: p["review_round"] for pid, p in by_piece.items()},
    )
    answers = [(r.callback_id, r.reason) for r in refusals if r.callback_id]
    notes = [f"🔁 {d.piece_id}: regenerating with your notes" for d in decisions if d.callback_id is None]
    try:
        channel.answer(answers, notes)
    except TelegramError as exc:
        context.log.warning(f"could not answer {len(answers)} Telegram callbacks: {exc}")
    for r in refusals:
        context.log.info(f"update {r.update_id} refused: {r.reason}")
    runs = [
        dg.RunRequest(
            run_key=f"telegram:{d.update_id}",
            partition_key=partition_of(by_piece[d.piece_id]["date"], by_piece[d.piece_id]["artist_id"]),
            run_config={
                "ops": {
                    decision_asset: {
                        "config": {
                            "decision": d.decision,
                            "decided_by": d.decided_by,
                            "source_id": f"telegram:{d.update_id}",
                            "feedback": d.feedback,
                            "callback_id": d.callback_id,
                        }
                    }
                }
            },
            tags={"ai_artist/piece": d.piece_id, "ai_artist/decision": d.decision},
        )
        for d in decisions
    ]
    return dg.SensorResult(run_requests=runs, cursor=str(max(u.update_id for u in updates)))
