"""Review channels beyond the shell: Telegram (python-telegram-bot)."""

from ai_artist_dagster.providers.review.telegram import Preview, TelegramChannel, TelegramSettings

__all__ = ["Preview", "TelegramChannel", "TelegramSettings"]
