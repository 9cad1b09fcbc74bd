"""`reflections`: the critic's assessment of one piece."""

import dagster as dg

from ai_artist_dagster.defs.resources import WarehouseResource, WriterResource
from ai_artist_dagster.lib import records
from ai_artist_dagster.lib.partitions import artist_day_partitions, split_artist_day
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.schemas import Critique, CritiqueBrief, Lyrics, TrackInfo, VideoInfo
from ai_artist_dagster.lib.seeds import seed_of
from ai_artist_dagster.lib.warehouse import insert_rows, now, replace_rows


@dg.asset(
    kinds={"duckdb"},
    partitions_def=artist_day_partitions,
    pool=DUCKDB_WRITE,
)
def reflections(
    context: dg.AssetExecutionContext,
    lyrics: Lyrics,
    tracks: TrackInfo,
    videos: VideoInfo,
    writer: WriterResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """The critic's reflection on the piece against its profile and the day's trend: score,
    strengths, issues and suggestions, plus the objective measurements it was grounded in."""
    from ai_artist_dagster.domain.audio_analysis import tempo_matches
    from ai_artist_dagster.domain.music_theory import key_name

    date, artist_id = split_artist_day(context)
    pid = records.piece_id(date, artist_id)
    wh = warehouse.get()
    profile = records.piece_profile(wh, pid)
    track, video = tracks, videos
    measured_key = str(track.params.get("measured_key", ""))
    relative = key_name(
        (profile.key + (3 if profile.mode == "minor" else -3)) % 12, "major" if profile.mode == "minor" else "minor"
    )
    measurements: dict[str, float | str | bool] = {
        # measured against what the piece asked for (a remote provider reports its own measurement as tempo_bpm)
        "tempo_bpm": track.requested_tempo_bpm or track.tempo_bpm,
        "measured_tempo_bpm": round(track.measured_tempo_bpm, 2),
        "tempo_ok": tempo_matches(track.measured_tempo_bpm, track.requested_tempo_bpm or track.tempo_bpm),
        "integrated_lufs": round(track.integrated_lufs, 2),
        "duration_s": round(track.duration_s, 2),
        "key_name": key_name(profile.key, profile.mode),
        "measured_key": measured_key,
        "key_ok": measured_key in (key_name(profile.key, profile.mode), relative),
    }
    if video:
        measurements["video_ok"] = bool(video.audio_codec) and video.width > 0 and video.duration_s > 1
    brief = CritiqueBrief(
        profile=profile,
        lyrics=lyrics,
        trend=records.trend_report(wh, date),
        measurements=measurements,
        seed=seed_of("critique", pid),
    )
    generation = writer.generate(context, "critique", brief, Critique, artist_id=artist_id)
    critique, calls = generation.result, generation.calls
    with wh.write() as con:
        replace_rows(
            con,
            "reflections",
            {"piece_id": pid},
            [
                {
                    "piece_id": pid,
                    "date": date,
                    "artist_id": artist_id,
                    "score": critique.score,
                    "summary": critique.summary,
                    "strengths": critique.strengths,
                    "issues": critique.issues,
                    "suggestions": critique.suggestions,
                    "measurements": measurements,
                    "provider": generation.provider,
                    "prompt_id": generation.prompt.template_id,
                    "created_at": now(),
                }
            ],
        )
        insert_rows(con, "llm_calls", [c.model_dump() for c in calls])
    bullets = lambda items: "\n".join(f"- {i}" for i in items) or "- none"
    return dg.MaterializeResult(
        metadata={
            "score": critique.score,
            "summary": critique.summary,
            "writer": generation.provider,
            "writer_fallback": generation.fallback or "none",
            "critique": dg.MetadataValue.md(
                f"**Strengths**\n{bullets(critique.strengths)}\n\n**Issues**\n{bullets(critique.issues)}\n\n"
                f"**Suggestions**\n{bullets(critique.suggestions)}"
            ),
            "measurements": dg.MetadataValue.json(measurements),
        }
    )
