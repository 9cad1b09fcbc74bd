"""`videos`: the vertical teaser for one artist on one day."""

import json
from pathlib import Path

import dagster as dg

from ai_artist_dagster.defs.content.arms import piece_arms
from ai_artist_dagster.defs.content.resources import VideoResource
from ai_artist_dagster.defs.io import PIECE_IO_MANAGER
from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource
from ai_artist_dagster.lib import markdown, records
from ai_artist_dagster.lib.partitions import artist_day_partitions, split_artist_day
from ai_artist_dagster.lib.paths import piece_dir
from ai_artist_dagster.lib.plots import thumbnail_markdown
from ai_artist_dagster.lib.schemas import Lyrics, TrackInfo, VideoInfo
from ai_artist_dagster.lib.warehouse import now, replace_rows

TELEGRAM_LIMIT_MB = 50.0  # bots cannot send larger files


def teaser_window(track: TrackInfo, seconds: float) -> tuple[float, float]:
    """Start on the first chorus's downbeat (or the first beat after the intro); never past the end."""
    chorus = next((s for s in track.sections if s.kind == "chorus"), None)
    start = chorus.start_s if chorus else (track.sections[1].start_s if len(track.sections) > 1 else 0.0)
    length = min(seconds, track.duration_s - 0.5)
    start = max(0.0, min(start, track.duration_s - length - 0.25))
    return start, length


def lyric_cues(track: TrackInfo, song: Lyrics):
    """Timed lyric lines: as sung, word by word, when the track has a sung score; else each sung
    section's lines share its duration evenly."""
    from ai_artist_dagster.domain.video import Caption

    if track.score_path and track.vocals != "none" and Path(track.score_path).exists():
        from ai_artist_dagster.domain.vocals.melody import VocalScore
        from ai_artist_dagster.domain.vocals.synced import lines_of

        lines = lines_of(VocalScore.model_validate_json(Path(track.score_path).read_text()))
        starts = [words[0][0] - 0.15 for words in lines]
        ends = [min(words[-1][1] + 0.25, nxt) for words, nxt in zip(lines, [*starts[1:], float("inf")], strict=True)]
        return [
            Caption(start, end, " ".join(w for _, _, w in words), tuple(words))
            for words, start, end in zip(lines, starts, ends, strict=True)
        ]

    sung = [s for s in song.sections if s.lines]
    timed = [t for t in track.sections if t.kind not in ("intro", "outro")]
    cues = []
    for section, timing in zip(sung, timed, strict=False):
        step = (timing.end_s - timing.start_s) / len(section.lines)
        cues += [
            Caption(timing.start_s + i * step, timing.start_s + (i + 1) * step, line)
            for i, line in enumerate(section.lines)
        ]
    return cues


@dg.asset(
    kinds={"duckdb", "mp4"},
    partitions_def=artist_day_partitions,
    io_manager_key=PIECE_IO_MANAGER,
    check_specs=[
        dg.AssetCheckSpec(
            "video_format_ok",
            asset="videos",
            blocking=True,
            description="H.264 video at the configured size, AAC audio, expected duration, under Telegram's 50 MB",
        ),
        dg.AssetCheckSpec(
            "caption_contrast",
            asset="videos",
            blocking=True,
            description="on frames decoded from the teaser, the header and up to five lyric lines contrast ≥ 4.5:1 "
            "(WCAG) with the outline around their glyphs",
        ),
    ],
)
def videos(
    context: dg.AssetExecutionContext,
    lyrics: Lyrics,
    tracks: TrackInfo,
    video: VideoResource,
    storage: StorageResource,
    warehouse: WarehouseResource,
):  # returns MaterializeResult(value=VideoInfo): the value goes to the piece IO manager
    """A 9:16 teaser cut from the chorus: audio-reactive visuals in the artist's palette (over
    Pexels footage found by the artist's mood, genre and themes when configured) with scene cuts on
    the bar lines (style `pulse` — filled disc — or `rings`, the piece's experiment arm), artist/title captions and timed lyric lines, the track's audio, a thumbnail, and
    the footage credits. Encoded under Telegram's 50 MB limit."""
    from ai_artist_dagster.domain.video import VideoSpec, probe_media, render_video
    from ai_artist_dagster.domain.video.keywords import footage_queries
    from ai_artist_dagster.domain.video.layout import template_for
    from ai_artist_dagster.domain.video.legibility import MIN_CONTRAST, caption_contrast
    from ai_artist_dagster.domain.video.render import thumbnail_frame
    from ai_artist_dagster.providers.footage import FootageError

    date, artist_id = split_artist_day(context)
    pid = records.piece_id(date, artist_id)
    wh = warehouse.get()
    profile = records.piece_profile(wh, pid)
    track, song = tracks, lyrics
    style = piece_arms(wh, pid).video_style
    start, length = teaser_window(track, video.teaser_seconds)
    clips = []
    try:
        if provider := video.footage_provider():
            queries = footage_queries(profile)
            clips = provider.clips(queries, video.footage_clips, storage.root / "footage" / provider.name)
            context.log.info(f"{pid}: {len(clips)} {provider.name} clips for {queries}")
    except FootageError as exc:
        context.log.warning(f"{pid}: no footage ({exc.kind}: {exc}); rendering generated visuals")
    spec = VideoSpec(
        width=video.width,
        height=video.height,
        fps=video.fps,
        duration_s=length,
        track_offset_s=start,
        palette=profile.visual_palette,
        artist=profile.name,
        title=song.title,
        lyrics=lyric_cues(track, song),
        beat_times=track.beat_times,
        footage=[Path(c.path) for c in clips],
        style=style,
        template=profile.visual_template or template_for(profile.genre, profile.mood),
        preset=video.preset,
        crf=video.crf,
    )
    folder = piece_dir(storage.root, date, artist_id)
    out, thumb = folder / "teaser.mp4", folder / "thumbnail.png"
    render_video(
        spec, Path(track.wav_path), out, thumb, progress=lambda i, n: context.log.debug(f"{pid}: frame {i}/{n}")
    )
    probe = probe_media(out)
    legible = caption_contrast(spec, out)
    info = VideoInfo(
        path=str(out),
        thumbnail_path=str(thumb),
        width=probe.width or 0,
        height=probe.height or 0,
        fps=probe.fps or 0.0,
        duration_s=probe.duration_s,
        video_codec=probe.video_codec or "none",
        audio_codec=probe.audio_codec,
        track_offset_s=start,
        size_bytes=out.stat().st_size,
        thumbnail_s=round(thumbnail_frame(spec) / spec.fps, 3),
    )
    info = storage.media().publish_paths(info)
    with wh.write() as con:
        replace_rows(
            con,
            "videos",
            {"piece_id": pid},
            [
                {
                    **info.model_dump(),
                    "piece_id": pid,
                    "date": date,
                    "artist_id": artist_id,
                    "created_at": now(),
                    "footage": json.dumps([c.model_dump() for c in clips]),
                }
            ],
        )
    format_ok = (
        info.video_codec == "h264"
        and (info.width, info.height) == (video.width, video.height)
        and info.audio_codec == "aac"
        and abs(info.duration_s - length) < 0.5
        and info.size_bytes < TELEGRAM_LIMIT_MB * 1e6
    )
    return dg.MaterializeResult(
        value=info,
        metadata={
            "thumbnail": dg.MetadataValue.md(thumbnail_markdown(thumb, "thumbnail")),
            "resolution": f"{info.width}x{info.height}",
            "duration_s": round(info.duration_s, 2),
            "track_offset_s": round(start, 2),
            "size_mb": round(info.size_bytes / 1e6, 2),
            "lyric_cues": len(spec.lyrics),
            "visuals": "footage" if clips else "generated",
            "style": style,
            "template": spec.template,
            "footage_credits": dg.MetadataValue.md(
                "\n".join(f"- [{c.author}]({c.author_url}) on [Pexels]({c.page_url}) — “{c.query}”" for c in clips)
                or "generated visuals (no footage)"
            ),
            "path": dg.MetadataValue.path(str(out)),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="video_format_ok",
                passed=format_ok,
                metadata={
                    "video_codec": info.video_codec,
                    "audio_codec": info.audio_codec or "none",
                    "resolution": f"{info.width}x{info.height}",
                    "duration_s": round(info.duration_s, 2),
                    "size_mb": round(info.size_bytes / 1e6, 2),
                },
            ),
            dg.AssetCheckResult(
                check_name="caption_contrast",
                passed=bool(legible) and all(c.contrast >= MIN_CONTRAST for c in legible),
                metadata={
                    "lowest": min((c.contrast for c in legible), default=0.0),
                    "captions": dg.MetadataValue.md(
                        markdown.table(
                            ["at (s)", "caption", "contrast"], [(c.at_s, c.text, c.contrast) for c in legible]
                        )
                    ),
                },
            ),
        ],
    )
