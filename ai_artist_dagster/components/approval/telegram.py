"""The Telegram review channel resource (the approval gate's remote channel) and the check of its signing secret. Configured from the environment in defs/resources.py."""

import os
from typing import TYPE_CHECKING

import dagster as dg
from pydantic import Field
from pydantic.json_schema import JsonDict

from ai_artist_dagster.lib.env import ConfigurationError

# Providers are imported when a run needs them, so loading the code location stays fast.
if TYPE_CHECKING:
    from ai_artist_dagster.providers.review import TelegramChannel


TELEGRAM_IDS: JsonDict = {"wanted": "a comma-separated list of whole numbers (Telegram ids)"}


REVIEW_SECRET_MIN_CHARS = 16


class TelegramResource(dg.ConfigurableResource):
    """The Telegram review channel, on when TELEGRAM_BOT_TOKEN and the chat id are set (the token
    and AI_ARTIST_REVIEW_SECRET are read from the environment when used, never kept in config).
    ``allowed_user_ids``: comma-separated Telegram user ids whose buttons count. See docs/review.md."""

    chat_id: str = Field("", pattern=r"^-?\d*$", json_schema_extra=TELEGRAM_IDS)
    allowed_user_ids: str = Field("", pattern=r"^(\s*-?\d+\s*)(,\s*-?\d+\s*)*$|^$", json_schema_extra=TELEGRAM_IDS)
    api_base_url: str = "https://api.telegram.org"
    token_ttl_hours: float = Field(168.0, ge=0.1, allow_inf_nan=False)

    @property
    def configured(self) -> bool:
        return bool(os.environ.get("TELEGRAM_BOT_TOKEN") and self.chat_id)

    def secret(self) -> bytes:
        secret = os.environ.get("AI_ARTIST_REVIEW_SECRET", "")
        if len(secret) < REVIEW_SECRET_MIN_CHARS:
            raise dg.Failure(
                f"Telegram review needs AI_ARTIST_REVIEW_SECRET (≥ {REVIEW_SECRET_MIN_CHARS} characters) to sign its buttons; "
                "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        return secret.encode()

    def allowed(self) -> frozenset[int]:
        return frozenset(int(u) for u in self.allowed_user_ids.replace(" ", "").split(",") if u)

    def channel(self) -> "TelegramChannel":
        from pydantic import SecretStr

        from ai_artist_dagster.providers.review import TelegramChannel, TelegramSettings

        return TelegramChannel(
            TelegramSettings(
                token=SecretStr(os.environ["TELEGRAM_BOT_TOKEN"]),
                chat_id=int(self.chat_id),
                allowed_user_ids=self.allowed(),
                base_url=self.api_base_url,
            )
        )


def check_review_secret() -> None:
    """With Telegram on, the button-signing secret must be usable before any tick or preview needs it."""
    telegram_on = bool(os.environ.get("TELEGRAM_BOT_TOKEN") and os.environ.get("TELEGRAM_CHAT_ID"))
    if telegram_on and len(os.environ.get("AI_ARTIST_REVIEW_SECRET", "")) < REVIEW_SECRET_MIN_CHARS:
        raise ConfigurationError(
            f"AI_ARTIST_REVIEW_SECRET is unset or shorter than {REVIEW_SECRET_MIN_CHARS} characters, and "
            "Telegram review is on (TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID); generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
