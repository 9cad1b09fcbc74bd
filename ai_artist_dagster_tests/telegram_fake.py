"""A local fake of the Telegram Bot API (the methods the review channel uses, with the shapes of
../shared/data/telegram/api.json) that the real python-telegram-bot client talks to."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlparse

from ai_artist_dagster_tests.media_fakes import local_server

BOT_ID = 777000


@dataclass
class FakeBot:
    token: str
    updates: list[dict] = field(default_factory=list)
    sent: list[dict] = field(default_factory=list)  # messages the bot sent
    answered: dict[str, str] = field(default_factory=dict)  # callback id -> text
    calls: list[tuple[str, dict]] = field(default_factory=list)  # (method, fields without files)
    uploads: dict[str, int] = field(default_factory=dict)  # field name -> bytes received
    _ids: Any = field(default_factory=lambda: itertools.count(1000))
    _update_ids: Any = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)

    # what users do ------------------------------------------------------------------------
    def press(
        self, data: str, *, user_id: int, chat_id: int, message_id: int = 1, update_id: int | None = None
    ) -> dict:
        update = {
            "update_id": update_id or next(self._update_ids),
            "callback_query": {
                "id": f"cb{len(self.updates)}-{time.monotonic_ns()}",
                "from": {"id": user_id, "is_bot": False, "first_name": "Reviewer"},
                "message": self._message(chat_id, message_id, text="preview"),
                "chat_instance": "ci",
                "data": data,
            },
        }
        self.updates.append(update)
        return update

    def reply(self, text: str, *, to_message_id: int, user_id: int, chat_id: int) -> dict:
        update = {
            "update_id": next(self._update_ids),
            "message": {
                **self._message(chat_id, next(self._ids), text=text, user_id=user_id),
                "reply_to_message": self._message(chat_id, to_message_id, text="preview"),
            },
        }
        self.updates.append(update)
        return update

    @staticmethod
    def _message(chat_id: int, message_id: int, text: str | None = None, user_id: int = BOT_ID) -> dict:
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "group" if chat_id < 0 else "private", "title": "Review"},
            "from": {"id": user_id, "is_bot": user_id == BOT_ID, "first_name": "x"},
        }
        if text is not None:
            message["text"] = text
        return message

    # the Bot API --------------------------------------------------------------------------
    def handle(self, method: str, fields: dict[str, Any]) -> Any:
        with self.lock:
            self.calls.append((method, fields))
            if method == "getMe":
                return {"id": BOT_ID, "is_bot": True, "first_name": "Review Bot", "username": "review_bot"}
            if method in ("sendMessage", "sendVideo", "sendAudio"):
                message = self._message(int(fields["chat_id"]), next(self._ids), text=fields.get("text"))
                if fields.get("caption"):
                    message["caption"] = fields["caption"]
                self.sent.append({"method": method, **fields, "message_id": message["message_id"]})
                return message
            if method == "getUpdates":
                offset = int(fields.get("offset") or 0)
                limit = int(fields.get("limit") or 100)
                return [u for u in self.updates if u["update_id"] >= offset][:limit]
            if method == "answerCallbackQuery":
                self.answered[fields["callback_query_id"]] = fields.get("text", "")
                return True
            raise KeyError(method)


def _fields(handler: BaseHTTPRequestHandler, body: bytes, uploads: dict[str, int]) -> dict[str, Any]:
    kind = handler.headers.get("Content-Type", "")
    fields: dict[str, Any] = {}
    if kind.startswith("multipart/form-data"):
        message = BytesParser(policy=email_policy).parsebytes(f"Content-Type: {kind}\r\n\r\n".encode() + body)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename():
                uploads[name] = len(payload)
            else:
                fields[name] = payload.decode()
    elif kind.startswith("application/json"):
        fields = json.loads(body or b"{}")
    else:
        fields = {k: v[0] for k, v in parse_qs(body.decode()).items()}
    return {k: (json.loads(v) if isinstance(v, str) and v[:1] in "[{" else v) for k, v in fields.items()}


@contextmanager
def fake_telegram(bot: FakeBot) -> Iterator[str]:
    """Serve the fake on 127.0.0.1; yields the base URL to use as TELEGRAM_API_BASE_URL."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like the real Bot API

        def log_message(self, *args) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = urlparse(self.path).path  # /bot<token>/<method>
            if path == "/__stats":  # for benchmarks running the fake in another process
                self._send(200, {"answered": len(bot.answered), "sent": len(bot.sent), "calls": len(bot.calls)})
                return
            prefix, _, method = path.rpartition("/")
            if prefix != f"/bot{bot.token}":
                self._send(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                return
            try:
                result = bot.handle(method, _fields(self, body, bot.uploads))
            except KeyError:
                self._send(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                return
            self._send(200, {"ok": True, "result": result})

        do_GET = do_POST

        def _send(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    with local_server(Handler) as url:
        yield url


def serve_forever(token: str, updates: list[dict], port_file: str) -> None:
    """Entry point for running the fake in its own process (benchmarks): writes its URL to
    ``port_file`` and serves until killed."""
    bot = FakeBot(token=token, updates=updates)
    with fake_telegram(bot) as url:
        with open(port_file + ".tmp", "w") as handle:
            handle.write(url)
        import os

        os.replace(port_file + ".tmp", port_file)
        threading.Event().wait()
