"""`releases`: approved pieces packaged as DDEX ERN 4.3 releases."""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg

from ai_artist_dagster.components.approval.store import ItemStatus
from ai_artist_dagster.defs.artists.resources import CalendarResource
from ai_artist_dagster.defs.io import PIECE_IO_MANAGER
from ai_artist_dagster.defs.releases.codes import reserve
from ai_artist_dagster.defs.releases.resources import ReleaseResource
from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource
from ai_artist_dagster.lib import markdown, records
from ai_artist_dagster.lib.partitions import artist_day_partitions, split_artist_day
from ai_artist_dagster.lib.paths import releases_dir
from ai_artist_dagster.lib.schemas import ArtistProfile, Lyrics, ReleaseManifest, ReleaseRecord, TrackInfo, VideoInfo
from ai_artist_dagster.lib.schemas.rules import CalendarRules
from ai_artist_dagster.lib.warehouse import insert_rows, now

if TYPE_CHECKING:
    from ai_artist_dagster.domain.calendar import ReleaseDates
    from ai_artist_dagster.domain.ddex import ErnRelease
    from ai_artist_dagster.lib.warehouse import Warehouse


def booked_dates(wh: "Warehouse", day: dt.date, artist_id: str, rules: CalendarRules) -> "ReleaseDates":
    """The dates of the release slot the roster booked for the piece (its calendar), else of the first
    release weekday after the piece's production time."""
    from ai_artist_dagster.domain.calendar import next_release, release_dates

    booking = records.piece_booking(wh, day, artist_id)
    release_on = (booking or {}).get("release_on") or next_release(day, None, rules, rules.min_gap_days)
    return release_dates(day, release_on, rules)


RELEASE_STEMS = (
    "vocal",
    "instrumental",
)  # the a cappella and the instrumental; drums, bass and music stay with the track


def _image_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def _ern_release(
    release: ReleaseResource,
    rid: str,
    day: dt.date,
    dates: "ReleaseDates",
    codes: tuple[str, str, str],
    title: str,
    disclosure: str,
    parental_warning: str,
    profile: ArtistProfile,
    track: TrackInfo,
    video: VideoInfo | None,
    files: dict[str, Path],
) -> "ErnRelease":
    """The ERN message's facts for one piece (hashes of the files it will carry, codes, parties)."""
    from ai_artist_dagster.domain.ddex import ErnFile, ErnParty, ErnRelease
    from ai_artist_dagster.domain.release import resource_path
    from ai_artist_dagster.lib.files import sha256_file

    def file(role: str) -> ErnFile:
        return ErnFile(uri=resource_path(role, files[role]), sha256=sha256_file(files[role]))

    audio_isrc, video_isrc, upc = codes
    video_facts = (
        {
            "video": file("teaser"),
            "video_duration_s": video.duration_s,
            "video_width": video.width,
            "video_height": video.height,
            "video_fps": video.fps,
        }
        if video
        else {}
    )
    return ErnRelease(
        message_id=f"{rid}-{upc}",
        created_at=dt.datetime.combine(day, dt.time(), dt.UTC),
        sender=ErnParty(dpid=release.sender_dpid, name=release.sender_name),
        recipient=ErnParty(dpid=release.recipient_dpid, name=release.recipient_name),
        release_id=rid,
        upc=upc,
        audio_isrc=audio_isrc,
        video_isrc=video_isrc,
        title=title,
        artist=profile.name,
        label=release.label,
        genre=profile.genre,
        release_date=dates.release_on,
        announce_date=dates.teaser_on,
        p_line=f"{dates.release_on.year} {release.label}",
        c_line=f"{dates.release_on.year} {release.label}",
        audio=file("audio_master"),
        audio_duration_s=track.duration_s,
        audio_sample_rate_khz=track.sample_rate / 1000,
        cover=file("cover"),
        cover_size=_image_size(files["cover"]),
        ai_disclosure=disclosure,
        parental_warning=parental_warning,
        sung=track.vocals != "none",
        lyrics=file("lyrics") if "lyrics" in files else None,
        **video_facts,
    )


@dg.asset(
    kinds={"duckdb", "xml"},
    partitions_def=artist_day_partitions,
    ins={name: dg.AssetIn(input_manager_key=PIECE_IO_MANAGER) for name in ("review_requests", "lyrics", "tracks")},
    deps=["videos"],
    io_manager_key=PIECE_IO_MANAGER,
)
def releases(
    context: dg.AssetExecutionContext,
    review_requests: ItemStatus,
    lyrics: Lyrics,
    tracks: TrackInfo,
    release: ReleaseResource,
    calendar: CalendarResource,
    storage: StorageResource,
    warehouse: WarehouseResource,
):  # returns MaterializeResult(value=ReleaseRecord) for deliveries
    """A DDEX ERN 4.3 release for an approved piece: the NewReleaseMessage (sound recording, teaser
    video, cover; ISRCs and a UPC with valid check digits; P/C lines; AI-generation disclosure;
    SHA-256 of every file), the media under resources/, metadata JSON and a manifest, under a
    release id derived from the piece, so re-materializing never makes a second release. It is
    scheduled by the artist's content calendar: the deals start on the release slot the piece holds
    (weeks after the piece's date), cover and teaser clip may be shown from the teaser date, and
    the delivery is due the lead time before. The review
    gate's `approved` check holds it in release_job; materialized on its own, it refuses a piece that
    is not approved."""
    from ai_artist_dagster.domain.ddex import build_ern
    from ai_artist_dagster.domain.release import package_release, release_id_for
    from ai_artist_dagster.domain.release_gate import parental_warning

    date, artist_id = split_artist_day(context)
    pid = records.piece_id(date, artist_id)
    if review_requests.decision != "approved":
        raise dg.Failure(
            f"{pid} is {review_requests.decision}, not approved: no release "
            f"(approve it on Telegram or with `ai-artist review approve {pid}`)",
            allow_retries=False,
        )
    wh = warehouse.get()
    profile = records.piece_profile(wh, pid)
    track, song = tracks, lyrics
    media = storage.media()
    video = records.video(wh, pid)
    video = media.localized(video) if video else None
    rid = release_id_for(pid)
    day = dt.date.fromisoformat(date)
    files = {"audio_master": Path(track.wav_path), "audio_mp3": Path(track.mp3_path), "cover": Path(track.cover_path)}
    if video:
        files["teaser"] = Path(video.path)
    if track.lrc_path:
        files["lyrics"] = Path(track.lrc_path)
    files.update({f"stem_{role}": Path(path) for role, path in track.stems.items() if role in RELEASE_STEMS})
    disclosure = (
        "AI-generated: music, lyrics, artwork and video — and the singing voice, when there is one — were generated "
        "by an AI system (ai-artist-dagster); "
        f"released after review by {review_requests.decided_by}."
    )
    warning = parental_warning(line for section in song.sections for line in section.lines)
    dates = booked_dates(wh, day, artist_id, calendar.rules())
    codes = reserve(wh, pid, day.year, release.isrc_prefix, release.upc_prefix)
    audio_isrc, video_isrc, upc = codes
    ern = _ern_release(release, rid, day, dates, codes, song.title, disclosure, warning, profile, track, video, files)
    ern_name = f"{upc}.xml"
    manifest = ReleaseManifest(
        release_id=rid,
        piece_id=pid,
        artist_id=artist_id,
        artist_name=profile.name,
        title=song.title,
        release_date=dates.release_on,
        genre=profile.genre,
        isrc=audio_isrc,
        video_isrc=video_isrc,
        upc=upc,
        ern_file=ern_name,
        files=[],
    )
    metadata = {
        "release_id": rid,
        "title": song.title,
        "artist": profile.name,
        "genre": profile.genre,
        "release_date": dates.release_on.isoformat(),
        "teaser_date": dates.teaser_on.isoformat(),
        "deliver_by": dates.deliver_by.isoformat(),
        "piece_date": date,
        "isrc": audio_isrc,
        "video_isrc": video_isrc,
        "upc": upc,
        "duration_s": round(track.duration_s, 2),
        "tempo_bpm": track.tempo_bpm,
        "p_line": f"(P) {ern.p_line}",
        "c_line": f"(C) {ern.c_line}",
        "ai_generated": True,
        "ai_disclosure": disclosure,
        "parental_warning": warning,
        "lyrics": song.model_dump(),
    }
    manifest, folder, created = package_release(
        releases_dir(storage.root), manifest, files, metadata, {ern_name: build_ern(ern)}
    )
    if not wh.query("SELECT 1 FROM releases WHERE piece_id = ?", [pid]):
        address = media.publish(folder)  # uploaded before the write: the warehouse is held only for the row
        with wh.write() as con:
            if not con.execute("SELECT 1 FROM releases WHERE piece_id = ?", [pid]).fetchone():
                row = {
                    "release_id": rid,
                    "piece_id": pid,
                    "date": date,
                    "artist_id": artist_id,
                    "title": song.title,
                    "path": address,
                    "manifest": manifest.model_dump_json(),
                    "created_at": now(),
                    "isrc": manifest.isrc,
                    "video_isrc": manifest.video_isrc,
                    "upc": manifest.upc,
                    "release_date": dates.release_on,
                    "teaser_date": dates.teaser_on,
                    "deliver_by": dates.deliver_by,
                }
                insert_rows(con, "releases", [row])
    context.log.info(
        f"{pid}: release {rid} {'packaged' if created else 'already packaged; unchanged'}; "
        f"out {dates.release_on}, teaser {dates.teaser_on}, deliver by {dates.deliver_by}"
    )
    return dg.MaterializeResult(
        value=ReleaseRecord(release_id=rid, path=str(folder), manifest=manifest),
        metadata={
            "release_id": rid,
            "release_date": dates.release_on.isoformat(),
            "teaser_date": dates.teaser_on.isoformat(),
            "deliver_by": dates.deliver_by.isoformat(),
            "created": created,
            "isrc": manifest.isrc,
            "upc": manifest.upc,
            "files": dg.MetadataValue.md(
                markdown.table(
                    ["file", "role", "bytes", "sha256"],
                    [(f.path, f.role, f"{f.bytes:,}", f"{f.sha256[:16]}…") for f in manifest.files],
                )
            ),
            "ern": dg.MetadataValue.path(str(folder / manifest.ern_file)),
            "path": dg.MetadataValue.path(str(folder)),
        },
    )
