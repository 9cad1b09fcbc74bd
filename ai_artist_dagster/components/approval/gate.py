"""The gate asset: each new partition is put up for review (or approved at once on autopilot), and a
pending item's preview goes to the Telegram review chat once per review round."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import dagster as dg

from ai_artist_dagster.components.approval import store
from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows, now

if TYPE_CHECKING:
    from ai_artist_dagster.components.approval.telegram import TelegramResource
    from ai_artist_dagster.providers.review import Preview

PreviewFn = Callable[[Warehouse, store.ReviewItem], "Preview"]
AutopilotFn = Callable[[Warehouse, store.ReviewItem], bool]

TELEGRAM_UPLOAD_LIMIT_BYTES = 50e6  # bots upload at most 50 MB
BUTTONS = (("✅ Approve", "approved"), ("❌ Reject", "rejected"), ("🔁 Regenerate", "regenerate"))


def request_review(
    context: dg.AssetExecutionContext,
    channels: list[store.Channel],
    preview: PreviewFn,
    autopilot: AutopilotFn | None,
    token_ttl_hours: float | None,
) -> dg.MaterializeResult:
    item = store.item_of(context.partition_key)
    wh: Warehouse = context.resources.warehouse.get()
    telegram: TelegramResource = context.resources.telegram
    current = store.status(wh, item.piece_id)
    state: str
    if current and current.decision != "regenerate":  # a decided or pending item keeps its decision
        state, by = current.decision, current.decided_by
    else:
        on_autopilot = "autopilot" in channels and autopilot is not None and autopilot(wh, item)
        new = [store.decision(item, "pending", "system")]
        if on_autopilot:
            new.append(store.decision(item, "approved", "autopilot"))
        with wh.write() as con:
            store.record(con, new)
        for d in new:
            context.log_event(
                store.observation(context.asset_key.to_user_string(), context.partition_key, d, d.decided_by)
            )
        state, by = new[-1].decision, new[-1].decided_by
    shown = preview(wh, item)
    sent = "off (not in the gate's channels)" if "telegram" not in channels else "not configured"
    if state == "pending" and "telegram" in channels and telegram.configured:
        ttl = token_ttl_hours or telegram.token_ttl_hours
        sent = _send_preview(context, wh, telegram, shown, ttl)
    how = [f"ai-artist review {verb} {item.piece_id}" for verb in ("approve", "reject")] if "shell" in channels else []
    return dg.MaterializeResult(
        metadata={
            "piece_id": item.piece_id,
            "status": state,
            "decided_by": by,
            "title": shown.title,
            "critic_score": shown.score if shown.score is not None else "not scored",
            "critic": "; ".join(shown.points[:3]),
            "how_to_review": "  |  ".join(how) or "Telegram buttons",
            "telegram": sent,
        }
    )


def _send_preview(context, wh: Warehouse, telegram: TelegramResource, shown: Preview, ttl_hours: float) -> str:
    """Send the item to the review chat once per pending round; a failure is a warning (the shell
    review still works) and the next run of the gate tries again."""
    from ai_artist_dagster.domain.review.signing import sign
    from ai_artist_dagster.providers.review.telegram import TelegramError

    pid = shown.piece_id
    status = store.status(wh, pid)
    assert status is not None  # the gate recorded it before asking for a preview
    if wh.query("SELECT 1 FROM review_messages WHERE piece_id = ? AND sent_at >= ?", [pid, status.round_started_at]):
        return "already sent"
    secret = telegram.secret()
    video = shown.video_path
    if video is not None:
        from pathlib import Path

        video = video if Path(video).stat().st_size < TELEGRAM_UPLOAD_LIMIT_BYTES else None
    signed = {
        label: sign(secret, decision, pid, ttl_hours * 3600, version=status.review_round) for label, decision in BUTTONS
    }
    try:
        ids = telegram.channel().send_preview(shown.model_copy(update={"buttons": signed, "video_path": video}))
    except TelegramError as exc:
        context.log.warning(f"{pid}: could not send the Telegram preview ({exc}); review from the shell meanwhile")
        return f"failed: {exc}"
    with wh.write() as con:
        rows = [
            {
                "piece_id": pid,
                "channel": "telegram",
                "chat_id": int(telegram.chat_id),
                "message_id": m,
                "sent_at": now(),
            }
            for m in ids
        ]
        insert_rows(con, "review_messages", rows)
    context.log.info(f"{pid}: preview sent to Telegram (messages {ids})")
    return f"sent ({len(ids)} messages)"
