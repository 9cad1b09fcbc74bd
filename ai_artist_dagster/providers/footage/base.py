"""Stock footage for teaser backgrounds: clips found by keywords, downloaded once, credited."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

FootageErrorKind = Literal["auth", "rate_limit", "server", "connection", "timeout", "no_results", "bad_file"]


class FootageError(Exception):
    def __init__(self, kind: FootageErrorKind, message: str):
        super().__init__(message)
        self.kind = kind


class FootageClip(BaseModel):
    """A downloaded clip and the credit its licence asks for."""

    path: str
    source: str
    source_id: str
    page_url: str
    author: str
    author_url: str
    width: int
    height: int
    duration_s: float
    query: str

    @property
    def attribution(self) -> str:
        return f"Video by {self.author} on Pexels ({self.page_url})"


class FootageProvider(ABC):
    name: str

    @abstractmethod
    def clips(self, queries: list[str], count: int, cache_dir: Path) -> list[FootageClip]:
        """Up to ``count`` portrait clips for ``queries`` (in order), downloaded under ``cache_dir``;
        raises :class:`FootageError` when none can be had."""
