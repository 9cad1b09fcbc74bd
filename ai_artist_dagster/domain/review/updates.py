"""Turn Telegram updates into review decisions, or say why not.

Accepted: a button press (callback) in the review chat, from an allow-listed user, with a valid,
unexpired signature, for the version of a piece now pending; or a text reply to the piece's
current preview (the feedback for a regeneration). Everything else is refused with a reason the bot
can show — a button of an older preview too, since the reviewer never saw the regenerated piece —
and nothing is decided twice: the first decision on a piece in a batch wins. No update can stop the
others: one that cannot be read at all is refused as malformed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_artist_dagster.domain.review.signing import TokenError, verify


@dataclass(frozen=True)
class RawUpdate:
    update_id: int
    chat_id: int | None
    user_id: int | None
    callback_id: str | None = None  # set for button presses
    data: str | None = None  # callback_data
    text: str | None = None  # message text
    reply_to_message_id: int | None = None


@dataclass(frozen=True)
class Decision:
    update_id: int
    piece_id: str
    decision: str
    decided_by: str
    feedback: str | None
    callback_id: str | None


@dataclass(frozen=True)
class Refusal:
    update_id: int
    callback_id: str | None
    reason: str


def interpret(
    updates: list[RawUpdate],
    *,
    secret: bytes,
    chat_id: int,
    allowed_users: frozenset[int],
    pending_by_ref: dict[str, str],
    pending_by_message: dict[int, str],
    versions: dict[str, int] | None = None,
    now: float | None = None,
) -> tuple[list[Decision], list[Refusal]]:
    """``pending_by_ref``: piece ref → pending piece id; ``pending_by_message``: message id of a current
    preview → piece id; ``versions``: piece id → its current review round (default 1)."""
    decisions: list[Decision] = []
    refusals: list[Refusal] = []
    decided: set[str] = set()
    for u in sorted(updates, key=lambda x: x.update_id):
        try:
            outcome = _judge(u, secret, chat_id, allowed_users, pending_by_ref, pending_by_message, versions or {}, now)
        except Exception as exc:  # a malformed update is refused and passed, never a stalled loop
            outcome = f"malformed update ({type(exc).__name__})"
        if outcome is None:
            continue  # chatter in the chat: not ours to judge
        if isinstance(outcome, str):
            refusals.append(Refusal(u.update_id, u.callback_id, outcome))
            continue
        piece, decision, feedback = outcome
        if piece in decided:
            refusals.append(Refusal(u.update_id, u.callback_id, "this piece was already decided"))
            continue
        decided.add(piece)
        decisions.append(
            Decision(u.update_id, piece, decision, f"telegram:{u.user_id}", feedback[:500] or None, u.callback_id)
        )
    return decisions, refusals


def _judge(
    u: RawUpdate,
    secret: bytes,
    chat_id: int,
    allowed_users: frozenset[int],
    pending_by_ref: dict[str, str],
    pending_by_message: dict[int, str],
    versions: dict[str, int],
    now: float | None,
) -> tuple[str, str, str] | str | None:
    """(piece, decision, feedback) for an acceptable update, the reason to refuse it, or None to ignore it."""
    if u.callback_id is None and u.reply_to_message_id is None:
        return None
    if u.chat_id != chat_id:
        return "this chat is not the review chat"
    if u.user_id not in allowed_users:
        return "you are not an allowed reviewer"
    if u.callback_id is None:
        feedback = (u.text or "").strip()
        if not feedback:
            return None
        piece = pending_by_message.get(u.reply_to_message_id or -1)
        return (piece, "regenerate", feedback) if piece else "this preview is decided or out of date"
    try:
        token = verify(secret, u.data or "", now)
    except TokenError as exc:
        return str(exc)
    piece = pending_by_ref.get(token.ref)
    if piece is None:
        return "this piece was already decided"
    if token.version != versions.get(piece, 1):
        return "this preview is out of date: the piece was regenerated; use its newest preview"
    return piece, token.decision, ""
