"""Keep secrets that travel in URLs (Telegram bot tokens, Last.fm API keys) out of every log record
of the HTTP client loggers, whatever handler (Dagster's, pytest's, a file) receives them."""

from __future__ import annotations

import logging
from typing import Any

LOGGERS = ("httpx", "httpcore", "telegram", "urllib3", "spotipy")
_SECRETS: set[str] = set()


def redact_in_logs(secret: str) -> None:
    """From now on, ``secret`` reads ``<secret>`` in records of the HTTP client loggers. A record
    factory, because filters on a parent logger do not apply to records of child loggers such as
    ``telegram.ext.ExtBot``."""
    if not secret:
        return
    if not _SECRETS:
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            if (record.name or "").startswith(LOGGERS):
                message = record.getMessage()
                if any(secret in message for secret in _SECRETS):
                    for secret in _SECRETS:
                        message = message.replace(secret, "<secret>")
                    record.msg, record.args = message, None
            return record

        logging.setLogRecordFactory(factory)
    _SECRETS.add(secret)
