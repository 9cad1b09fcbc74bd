"""The interface every social publishing target implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

from pydantic import BaseModel

from ai_artist_dagster.domain.social import SocialPost


class SocialReceipt(BaseModel):
    platform: str
    target: str  # e.g. outbox:/data/social_outbox — never a token
    status: str  # queued (written for someone to send) / published / scheduled
    post_id: str | None = None  # the platform's id once it has one
    location: str  # where the post is: a folder, or the platform's URL
    already: bool = False  # an earlier attempt had done it


class SocialTarget(ABC):
    name: str

    @property
    @abstractmethod
    def label(self) -> str: ...

    @abstractmethod
    def publish(self, key: str, post: SocialPost, video: Path) -> SocialReceipt:
        """Send (or queue) ``post`` with its ``video`` once: ``key`` names it across retries."""
