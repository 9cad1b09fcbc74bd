"""Pydantic models for every boundary: chart rows, profiles, songs, media, critiques, releases."""

from ai_artist_dagster.lib.schemas.artists import (
    ArtistNiche,
    ArtistProfile,
    ArtistRecord,
    ArtistStatus,
    VocalIdentity,
)
from ai_artist_dagster.lib.schemas.briefs import CritiqueBrief, LyricsBrief, ProfileBrief
from ai_artist_dagster.lib.schemas.content import (
    Critique,
    CritiquePart,
    Lyrics,
    LyricSection,
    PieceMeasures,
    SectionKind,
    SectionTiming,
    TrackInfo,
    VideoInfo,
)
from ai_artist_dagster.lib.schemas.errors import ErrorBrief, ErrorDiagnosis
from ai_artist_dagster.lib.schemas.release import FileEntry, ReleaseManifest, ReleaseRecord
from ai_artist_dagster.lib.schemas.trends import (
    AudioFeatures,
    ChartEntry,
    GenreNiche,
    TraitMomentum,
    TrendReport,
)

__all__ = [
    "ArtistNiche",
    "ArtistProfile",
    "ArtistRecord",
    "ArtistStatus",
    "AudioFeatures",
    "ChartEntry",
    "Critique",
    "CritiqueBrief",
    "CritiquePart",
    "ErrorBrief",
    "ErrorDiagnosis",
    "FileEntry",
    "GenreNiche",
    "LyricSection",
    "Lyrics",
    "LyricsBrief",
    "PieceMeasures",
    "ProfileBrief",
    "ReleaseManifest",
    "ReleaseRecord",
    "SectionKind",
    "SectionTiming",
    "TrackInfo",
    "TraitMomentum",
    "TrendReport",
    "VideoInfo",
    "VocalIdentity",
]
