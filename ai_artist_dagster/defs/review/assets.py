"""`review_requests`: each new piece enters review (or is approved by autopilot)."""

import uuid

import dagster as dg

from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.defs.review.resources import TelegramResource
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
    kinds={"duckdb"},
    partitions_def=artist_day_partitions,
    deps=["reflections"],
    pool=DUCKDB_WRITE,
)
def review_requests(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, telegram: TelegramResource
) -> dg.MaterializeResult:
    """Puts the piece up for human review (`pending` in `review_decisions`), or approves it at once
    when the artist is on autopilot. A piece already decided keeps its decision. With Telegram
    configured, a new pending piece is sent to the review chat (audio, teaser, the critic's score
    and key points, signed Approve / Reject / Regenerate buttons)."""
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
    sent = "not configured"
    if status == "pending" and telegram.configured:
        sent = _send_preview(context, wh, telegram, pid, artist_id)
    return dg.MaterializeResult(
        metadata={
            "piece_id": pid,
            "status": status,
            "decided_by": by,
            "autopilot": artist.autopilot,
            "critic": reflection[0]["summary"] if reflection else "",
            "how_to_review": f"ai-artist review approve {pid}  |  ai-artist review reject {pid}",
            "telegram": sent,
        }
    )


TELEGRAM_UPLOAD_LIMIT_BYTES = 50e6  # bots upload at most 50 MB


def _send_preview(context, wh, telegram: TelegramResource, pid: str, artist_id: str) -> str:
    """Send the piece to the review chat once per pending round; a failure is a warning (the shell
    review still works) and the next content run tries again."""
    import json

    from ai_artist_dagster.domain.review.signing import sign
    from ai_artist_dagster.providers.review import Preview
    from ai_artist_dagster.providers.review.telegram import TelegramError

    [status] = wh.query("SELECT review_round, round_started_at FROM piece_status WHERE piece_id = ?", [pid])
    if wh.query("SELECT 1 FROM review_messages WHERE piece_id = ? AND sent_at >= ?", [pid, status["round_started_at"]]):
        return "already sent"
    secret, ttl = telegram.secret(), telegram.token_ttl_hours * 3600
    track = records.track(wh, pid)
    song = records.lyrics(wh, pid)
    profile = records.piece_profile(wh, pid)
    video = records.video(wh, pid)
    critique = wh.query("SELECT score, strengths, issues FROM reflections WHERE piece_id = ?", [pid])
    points = [*json.loads(critique[0]["issues"]), *json.loads(critique[0]["strengths"])] if critique else []
    preview = Preview(
        piece_id=pid,
        artist=profile.name,
        title=song.title,
        score=critique[0]["score"] if critique else None,
        points=[str(p) for p in points],
        video_path=video.path if video and video.size_bytes < TELEGRAM_UPLOAD_LIMIT_BYTES else None,
        audio_path=track.mp3_path,
        buttons={
            label: sign(secret, decision, pid, ttl, version=status["review_round"])
            for label, decision in (
                ("✅ Approve", "approved"),
                ("❌ Reject", "rejected"),
                ("🔁 Regenerate", "regenerate"),
            )
        },
    )
    try:
        ids = telegram.channel().send_preview(preview)
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
