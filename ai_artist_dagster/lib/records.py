"""Typed reads of warehouse records that several domains share."""

from __future__ import annotations

import datetime as dt
import json

from ai_artist_dagster.lib.schemas import (
    ArtistProfile,
    ArtistRecord,
    Lyrics,
    ReleaseRecord,
    TrackInfo,
    TrendReport,
    VideoInfo,
)
from ai_artist_dagster.lib.warehouse import Warehouse


class MissingRecordError(LookupError):
    """An upstream record is not in the warehouse yet; the message says what to materialize."""


def piece_id(date: str | dt.date, artist_id: str) -> str:
    return f"{date}__{artist_id}"


def _one(wh: Warehouse, sql: str, params: list, what: str, hint: str) -> dict:
    rows = wh.query(sql, params)
    if not rows:
        raise MissingRecordError(f"{what} not found in the warehouse: {hint}")
    return rows[0]


def trend_report(wh: Warehouse, date: str | dt.date, source: str | None = None) -> TrendReport:
    sql = "SELECT report FROM trend_reports WHERE chart_date = ?" + (" AND source = ?" if source else "")
    row = _one(
        wh,
        sql + " ORDER BY created_at DESC LIMIT 1",
        [date, *([source] if source else [])],
        f"trend report for {date}",
        f"materialize trend_report for partition {date}",
    )
    return TrendReport.model_validate_json(row["report"])


def latest_trend_report(wh: Warehouse, on_or_before: str | dt.date) -> TrendReport:
    row = _one(
        wh,
        "SELECT report FROM trend_reports WHERE chart_date <= ? ORDER BY chart_date DESC LIMIT 1",
        [on_or_before],
        f"trend report on or before {on_or_before}",
        "materialize trend_report first",
    )
    return TrendReport.model_validate_json(row["report"])


def artist(wh: Warehouse, artist_id: str) -> ArtistRecord:
    row = _one(
        wh,
        "SELECT * FROM artists WHERE artist_id = ?",
        [artist_id],
        f"artist {artist_id!r}",
        "materialize artist_roster (it creates artists)",
    )
    return ArtistRecord(**{**row, "niche": json.loads(row["niche"])})


def artist_row(record: ArtistRecord, updated_at: dt.datetime) -> dict:
    """An artist as its `artists` row (the niche as JSON): what artist() and all_artists() read back."""
    return {**record.model_dump(exclude={"niche"}), "niche": record.niche.model_dump_json(), "updated_at": updated_at}


def all_artists(wh: Warehouse) -> list[ArtistRecord]:
    rows = wh.query("SELECT * FROM artists ORDER BY artist_id")
    return [ArtistRecord(**{**r, "niche": json.loads(r["niche"])}) for r in rows]


def other_live_profiles(wh: Warehouse, artist_id: str) -> list[ArtistProfile]:
    """The latest profile of every other artist that is not retired (a new profile differs from them)."""
    rows = wh.query(
        """SELECT arg_max(p.profile, p.version) AS profile FROM profile_versions p JOIN artists a USING (artist_id)
           WHERE a.status <> 'retired' AND p.artist_id <> ? GROUP BY p.artist_id ORDER BY p.artist_id""",
        [artist_id],
    )
    return [ArtistProfile.model_validate_json(r["profile"]) for r in rows]


def latest_profile(wh: Warehouse, artist_id: str) -> ArtistProfile:
    row = _one(
        wh,
        "SELECT profile FROM profile_versions WHERE artist_id = ? ORDER BY version DESC LIMIT 1",
        [artist_id],
        f"profile of {artist_id!r}",
        f"materialize artist_profiles for partition {artist_id}",
    )
    return ArtistProfile.model_validate_json(row["profile"])


def piece_profile(wh: Warehouse, pid: str) -> ArtistProfile:
    """The profile version the piece was written under (its lyrics record it), not the artist's latest:
    a piece's track, video, critique and release all carry the identity its song was made with."""
    row = _one(
        wh,
        """SELECT p.profile FROM lyrics l JOIN profile_versions p ON p.artist_id = l.artist_id
           AND p.version = coalesce(
               l.profile_version,
               (SELECT max(a.profile_version) FROM arm_assignments a WHERE a.piece_id = l.piece_id),
               (SELECT max(v.version) FROM profile_versions v WHERE v.artist_id = l.artist_id))
           WHERE l.piece_id = ?""",
        [pid],
        f"profile of piece {pid}",
        "materialize lyrics",
    )
    return ArtistProfile.model_validate_json(row["profile"])


def lyrics(wh: Warehouse, pid: str) -> Lyrics:
    row = _one(wh, "SELECT lyrics FROM lyrics WHERE piece_id = ?", [pid], f"lyrics of {pid}", "materialize lyrics")
    return Lyrics.model_validate_json(row["lyrics"])


def track(wh: Warehouse, pid: str) -> TrackInfo:
    row = _one(wh, "SELECT info FROM tracks WHERE piece_id = ?", [pid], f"track of {pid}", "materialize tracks")
    return TrackInfo.model_validate_json(row["info"])


def video(wh: Warehouse, pid: str) -> VideoInfo | None:
    """The piece's teaser, or None when it has none (yet)."""
    fields = ", ".join(VideoInfo.model_fields)
    rows = wh.query(f"SELECT {fields} FROM videos WHERE piece_id = ?", [pid])
    return VideoInfo.model_validate(rows[0]) if rows else None


def previous_critiques(wh: Warehouse, artist_id: str, before: str | dt.date, limit: int = 3) -> list[str]:
    """The artist's latest critique summaries and suggestions before ``before`` (grounding for lyrics)."""
    rows = wh.query(
        "SELECT summary, suggestions FROM reflections WHERE artist_id = ? AND date < ? ORDER BY date DESC LIMIT ?",
        [artist_id, before, limit],
    )
    out = []
    for row in rows:
        suggestions = json.loads(row["suggestions"])
        out.append(f"{row['summary']} Suggestions: {'; '.join(suggestions[:2])}")
    return out


def previous_lines(wh: Warehouse, artist_id: str, before: str | dt.date, songs: int = 30) -> list[str]:
    """The distinct lyric lines of the artist's latest ``songs`` songs before ``before``, so a new song
    does not repeat the catalogue's phrases."""
    rows = wh.query(
        "SELECT lyrics FROM lyrics WHERE artist_id = ? AND date < ? ORDER BY date DESC LIMIT ?",
        [artist_id, before, songs],
    )
    return _distinct_lines(rows)


def _distinct_lines(rows: list[dict]) -> list[str]:
    """The distinct lines of the songs in ``rows`` (each with its ``lyrics`` JSON), in order."""
    return list(dict.fromkeys(line for r in rows for s in json.loads(r["lyrics"])["sections"] for line in s["lines"]))


def day_lines(wh: Warehouse, date: str | dt.date, artist_id: str) -> list[str]:
    """The sung lines of the other artists' songs of ``date`` (a song takes another place and props)."""
    return _distinct_lines(wh.query("SELECT lyrics FROM lyrics WHERE date = ? AND artist_id <> ?", [date, artist_id]))


def catalogue_titles(wh: Warehouse, pid: str) -> list[str]:
    """The titles of every other song of the label (a new song's title is none of them)."""
    return [r["title"] for r in wh.query("SELECT DISTINCT title FROM lyrics WHERE piece_id <> ? ORDER BY 1", [pid])]


def release(wh: Warehouse, pid: str) -> ReleaseRecord:
    row = _one(
        wh,
        "SELECT release_id, path, manifest FROM releases WHERE piece_id = ?",
        [pid],
        f"release of {pid}",
        "approve the piece and materialize releases",
    )
    return ReleaseRecord.model_validate({**row, "manifest": json.loads(row["manifest"])})


_BOOKINGS = """
    SELECT s.artist_id, s.date AS made_on, strftime(s.date, '%Y-%m-%d') || '__' || s.artist_id AS piece_id,
           CAST(row_number() OVER (PARTITION BY s.artist_id ORDER BY s.date) - 1 AS INTEGER) AS number,
           coalesce(r.release_date, s.release_on) AS release_on,
           CASE WHEN EXISTS (SELECT 1 FROM release_messages m WHERE m.release_id = r.release_id AND m.kind = 'takedown')
                THEN 'taken down'
                WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.release_id = r.release_id AND d.status = 'delivered')
                THEN 'delivered'
                WHEN r.release_id IS NOT NULL THEN 'packaged'
                ELSE coalesce(ps.decision, 'scheduled') END AS state
    FROM roster_schedule s
    LEFT JOIN piece_status ps ON ps.date = s.date AND ps.artist_id = s.artist_id
    LEFT JOIN releases r ON r.piece_id = strftime(s.date, '%Y-%m-%d') || '__' || s.artist_id
"""


def booked_release_days(wh: Warehouse, since: str | dt.date) -> dict[dt.date, int]:
    """How many of the label's releases (pieces not rejected or taken down) each release day from ``since`` holds."""
    rows = wh.query(
        f"""SELECT release_on, count(*) AS n FROM ({_BOOKINGS})
            WHERE release_on >= ? AND state NOT IN ('rejected', 'taken down') GROUP BY release_on""",
        [since],
    )
    return {r["release_on"]: r["n"] for r in rows}


def calendar_bookings(wh: Warehouse, artist_id: str) -> list[dict]:
    """The artist's scheduled pieces as release slots: ``number`` (its n-th piece, from 0),
    ``made_on``, ``release_on`` (the release's own date once released; NULL for pieces scheduled
    before calendars existed), ``state`` (scheduled, pending, approved, rejected, regenerate, packaged,
    delivered, taken down)."""
    return wh.query(f"SELECT * FROM ({_BOOKINGS}) WHERE artist_id = ? ORDER BY made_on", [artist_id])


def piece_booking(wh: Warehouse, date: str | dt.date, artist_id: str) -> dict | None:
    """The release slot the piece of ``artist_id`` made on ``date`` holds, if the roster scheduled it."""
    rows = wh.query(f"SELECT * FROM ({_BOOKINGS}) WHERE artist_id = ? AND made_on = ?", [artist_id, date])
    return rows[0] if rows else None


def last_release_slots(wh: Warehouse, before: str | dt.date) -> dict[str, dt.date]:
    """Each artist's latest release slot held by a piece scheduled before ``before`` that was not rejected."""
    rows = wh.query(
        f"""SELECT artist_id, max(release_on) AS last FROM ({_BOOKINGS})
            WHERE made_on < ? AND state <> 'rejected' AND release_on IS NOT NULL GROUP BY artist_id""",
        [before],
    )
    return {r["artist_id"]: r["last"] for r in rows}
