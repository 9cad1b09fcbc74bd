"""The interface every social publishing target implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

from pydantic import BaseModel

from ai_artist_dagster.domain.social import SocialPost


class SocialError(Exception):
    """A platform refused or failed a post. ``retryable``: a later attempt may succeed (rate limit,
    quota, server error); ``retry_after_s``: how long the platform asked to wait. The message never
    carries a token."""

    def __init__(self, message: str, retryable: bool = True, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retryable, self.retry_after_s = retryable, retry_after_s


class SocialReceipt(BaseModel):
    platform: str
    target: str  # e.g. outbox:/data/social_outbox or youtube:api — never a token
    status: str  # queued (written for someone to send) / scheduled (the platform publishes it later) /
    # processing (uploaded; the platform is still working on it) / published
    post_id: str | None = None  # the platform's id once it has one
    location: str  # where the post is: a folder, or the platform's URL
    already: bool = False  # an earlier attempt had done it
    note: str | None = None  # what went wrong beside a post that went up (e.g. a thumbnail the platform refused)


class SocialTarget(ABC):
    name: str
    schedules: bool = True  # takes a post before its time (the outbox; YouTube's publishAt); else it is sent when due

    @property
    @abstractmethod
    def label(self) -> str: ...

    @abstractmethod
    def publish(self, key: str, post: SocialPost, video: Path) -> SocialReceipt:
        """Send (or queue) ``post`` with its ``video`` once: ``key`` names it across retries."""
