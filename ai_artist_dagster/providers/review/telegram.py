"""Telegram review channel (python-telegram-bot 22): previews with Approve / Reject / Regenerate
buttons to the review chat, and the updates that come back.

- The bot talks to ``TELEGRAM_API_BASE_URL`` (default Telegram's own), so a local Bot API server
  or a test fake works the same way.
- Uploads get long write timeouts (media up to 50 MB); requests go through PTB's AIORateLimiter
  (30 messages/s overall, 20/min per group; retries after a 429's retry_after).
- The token is only inside the bot's URLs; it is removed from every httpx and telegram log record
  (PTB logs its URLs at DEBUG), and errors are reported without it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, SecretStr

from ai_artist_dagster.domain.review.updates import RawUpdate
from ai_artist_dagster.providers.log_redaction import redact_in_logs

T = TypeVar("T")
CAPTION_LIMIT = 1024
ANSWER_CONCURRENCY = 16


class TelegramSettings(BaseModel):
    token: SecretStr
    chat_id: int
    allowed_user_ids: frozenset[int]
    base_url: str = "https://api.telegram.org"
    media_timeout_s: float = 120.0


class Preview(BaseModel):
    """What a reviewer sees for one piece."""

    piece_id: str
    artist: str
    title: str
    score: float | None
    points: list[str]  # the critique's key points
    revision: str | None = None  # what a regeneration changed (domain/writer/revision.py)
    video_path: str | None
    audio_path: str | None
    buttons: dict[str, str]  # label -> signed callback_data

    def caption(self) -> str:
        score = f"{self.score:.1f}/10" if self.score is not None else "not scored"
        lines = [
            f"🎵 {self.artist} — {self.title}",
            *([f"🔁 {self.revision}"] if self.revision else []),
            f"Critic: {score}",
        ]
        lines += [f"• {p}" for p in self.points[:5]]
        lines.append("Reply to this message with what to change, or tap a button.")
        text = "\n".join(lines)
        return text if len(text) <= CAPTION_LIMIT else text[: CAPTION_LIMIT - 1] + "…"


class TelegramError(Exception):
    pass


class TelegramChannel:
    def __init__(self, settings: TelegramSettings) -> None:
        self.settings = settings
        redact_in_logs(settings.token.get_secret_value())

    def _bot(self, rate_limited: bool = True):
        from telegram.ext import AIORateLimiter, ExtBot
        from telegram.request import HTTPXRequest

        base = self.settings.base_url.rstrip("/")
        timeout = self.settings.media_timeout_s
        request = HTTPXRequest(
            connection_pool_size=ANSWER_CONCURRENCY,
            read_timeout=30,
            write_timeout=30,
            connect_timeout=10,
            pool_timeout=30,
            media_write_timeout=timeout,
        )
        return ExtBot(
            self.settings.token.get_secret_value(),
            base_url=f"{base}/bot",
            base_file_url=f"{base}/file/bot",
            request=request,
            get_updates_request=HTTPXRequest(connection_pool_size=2, read_timeout=30, connect_timeout=10),
            rate_limiter=AIORateLimiter(max_retries=2) if rate_limited else None,
        )

    def _run(self, work: Callable[[Any], Awaitable[T]], rate_limited: bool = True) -> T:
        from telegram.error import TelegramError as PtbError

        async def main() -> T:
            async with self._bot(rate_limited) as bot:
                return await work(bot)

        try:
            return asyncio.run(main())
        except PtbError as exc:
            message = str(exc).replace(self.settings.token.get_secret_value(), "<bot-token>")
            raise TelegramError(f"Telegram {type(exc).__name__}: {message}") from None

    def send_preview(self, preview: Preview) -> list[int]:
        """Send the teaser (or the audio) with the caption and buttons; returns message ids."""
        from telegram import InlineKeyboardButton, InlineKeyboardMarkup

        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton(label, callback_data=data) for label, data in preview.buttons.items()]]
        )
        chat = self.settings.chat_id

        async def work(bot) -> list[int]:
            ids = []
            if preview.audio_path:
                with Path(preview.audio_path).open("rb") as audio:
                    sent = await bot.send_audio(chat, audio, title=preview.title, performer=preview.artist)
                ids.append(sent.message_id)
            if preview.video_path:
                with Path(preview.video_path).open("rb") as video:
                    sent = await bot.send_video(
                        chat, video, caption=preview.caption(), reply_markup=keyboard, supports_streaming=True
                    )
            else:
                sent = await bot.send_message(chat, preview.caption(), reply_markup=keyboard)
            ids.append(sent.message_id)
            return ids

        return self._run(work)

    def updates(self, offset: int | None, limit: int = 100, max_updates: int = 1000) -> list[RawUpdate]:
        """Pending updates from ``offset`` on, at most ``max_updates`` (the rest wait for the next call, so
        any backlog drains in bounded steps); no long polling: sensors poll on their own interval."""

        async def work(bot) -> list[RawUpdate]:
            got: list[RawUpdate] = []
            next_offset = offset
            while True:
                batch = await bot.get_updates(
                    offset=next_offset,
                    limit=min(limit, max_updates - len(got)),
                    timeout=0,
                    allowed_updates=["callback_query", "message"],
                )
                got += [_raw(u) for u in batch]
                if len(batch) < limit or len(got) >= max_updates:
                    return got
                next_offset = batch[-1].update_id + 1

        return self._run(work)

    def answer(self, answers: Sequence[tuple[str, str]], notes: Sequence[str] = ()) -> None:
        """Answer callback queries (id, text), ANSWER_CONCURRENCY at a time, then post ``notes``.
        Answers bypass the rate limiter: Telegram's flood limits are on sending messages, and a
        button left unanswered keeps spinning on the reviewer's phone."""

        async def answer_all(bot) -> None:
            gate = asyncio.Semaphore(ANSWER_CONCURRENCY)

            async def one(cid: str, text: str) -> None:
                async with gate:
                    await bot.answer_callback_query(cid, text=text[:200])

            await asyncio.gather(*(one(cid, text) for cid, text in answers))

        if answers:
            self._run(answer_all, rate_limited=False)
        if notes:
            self.notify(*notes)

    def notify(self, *texts: str) -> None:
        """Post plain messages to the review chat."""

        async def post(bot) -> None:
            for text in texts:
                await bot.send_message(self.settings.chat_id, text[:4096])

        self._run(post)


def _raw(update: Any) -> RawUpdate:
    """The fields the review logic needs from a PTB Update."""
    if query := update.callback_query:
        chat = query.message.chat.id if query.message else None
        return RawUpdate(update.update_id, chat, query.from_user.id, callback_id=query.id, data=query.data)
    if message := update.message:
        reply = message.reply_to_message.message_id if message.reply_to_message else None
        user = message.from_user.id if message.from_user else None
        return RawUpdate(update.update_id, message.chat.id, user, text=message.text, reply_to_message_id=reply)
    return RawUpdate(update.update_id, None, None)
