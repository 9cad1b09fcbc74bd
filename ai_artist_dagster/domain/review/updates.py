"""Turn Telegram updates into review decisions, or say why not.

Accepted: a button press (callback) in the review chat, from an allow-listed user, with a valid,
unexpired signature, for a piece still pending; or a text reply to a piece's preview (the
feedback for a regeneration). Everything else is refused with a reason the bot can show, and
nothing is decided twice: the first decision on a piece in a batch wins.
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
    now: float | None = None,
) -> tuple[list[Decision], list[Refusal]]:
    decisions: list[Decision] = []
    refusals: list[Refusal] = []
    decided: set[str] = set()
    for u in sorted(updates, key=lambda x: x.update_id):
        if u.callback_id is None and u.reply_to_message_id is None:
            continue  # chatter in the chat: not ours to judge
        if u.chat_id != chat_id:
            refusals.append(Refusal(u.update_id, u.callback_id, "this chat is not the review chat"))
            continue
        if u.user_id not in allowed_users:
            refusals.append(Refusal(u.update_id, u.callback_id, "you are not an allowed reviewer"))
            continue
        if u.callback_id is not None:
            try:
                token = verify(secret, u.data or "", now)
            except TokenError as exc:
                refusals.append(Refusal(u.update_id, u.callback_id, f"refused: {exc}"))
                continue
            piece, decision, feedback = pending_by_ref.get(token.ref), token.decision, None
        else:
            piece, decision, feedback = pending_by_message.get(u.reply_to_message_id or -1), "regenerate", u.text
            if not (feedback or "").strip():
                continue
        if piece is None or piece in decided:
            refusals.append(Refusal(u.update_id, u.callback_id, "this piece was already decided"))
            continue
        decided.add(piece)
        decisions.append(
            Decision(
                u.update_id,
                piece,
                decision,
                f"telegram:{u.user_id}",
                (feedback or "").strip()[:500] or None,
                u.callback_id,
            )
        )
    return decisions, refusals
