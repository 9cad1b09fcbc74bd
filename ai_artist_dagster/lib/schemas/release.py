from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class FileEntry(BaseModel):
    path: str = Field(description="relative to the release folder")
    role: str
    sha256: str
    bytes: int


class ReleaseManifest(BaseModel):
    release_id: str
    piece_id: str
    artist_id: str
    artist_name: str
    title: str
    release_date: dt.date
    genre: str
    ai_generated: bool = True
    isrc: str = ""
    video_isrc: str = ""
    upc: str = ""
    ern_file: str = Field("", description="the DDEX ERN 4.3 message, relative to the release folder")
    files: list[FileEntry]


class ReleaseRecord(BaseModel):
    """A packaged release as the warehouse keeps it (`releases`)."""

    release_id: str
    path: str
    manifest: ReleaseManifest
