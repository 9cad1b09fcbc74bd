"""`reflections`: the critic's assessment of one piece."""

from pathlib import Path

import dagster as dg

from ai_artist_dagster.defs.resources import WarehouseResource, WriterResource
from ai_artist_dagster.lib import markdown, records
from ai_artist_dagster.lib.partitions import artist_day_partitions, split_artist_day
from ai_artist_dagster.lib.pools import LLM_API
from ai_artist_dagster.lib.schemas import (
    ArtistProfile,
    Critique,
    CritiqueBrief,
    Lyrics,
    PieceMeasures,
    TrackInfo,
    VideoInfo,
)
from ai_artist_dagster.lib.seeds import seed_of
from ai_artist_dagster.lib.warehouse import insert_rows, now, replace_rows


@dg.asset(
    kinds={"duckdb"},
    partitions_def=artist_day_partitions,
    pool=LLM_API,
)
def reflections(
    context: dg.AssetExecutionContext,
    lyrics: Lyrics,
    tracks: TrackInfo,
    videos: VideoInfo,
    writer: WriterResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """The critic's reflection on the piece: a rubric of measured parts (tempo, loudness, clipping,
    duration, key, vocal pitch, intelligibility and presence, dynamics, repetition, caption timing,
    video; rhyme, meter, lyric repetition, clichés, theme, title in the chorus), each scored 0–1 and
    weighted into the score (domain/critic) — the same rubric whichever writer words the critique —
    with strengths, issues and a first suggestion for the weakest part."""
    from ai_artist_dagster.domain.critic import assess
    from ai_artist_dagster.domain.critic.rubric import counts_as

    date, artist_id = split_artist_day(context)
    pid = records.piece_id(date, artist_id)
    wh = warehouse.get()
    profile = records.piece_profile(wh, pid)
    measures = piece_measures(profile, tracks, videos)
    brief = CritiqueBrief(
        profile=profile,
        lyrics=lyrics,
        trend=records.trend_report(wh, date),
        measures=measures,
        seed=seed_of("critique", pid),
        previous_lines=records.previous_lines(wh, artist_id, date),
    )
    generation = writer.generate(context, "critique", brief, Critique, artist_id=artist_id)
    rubric = assess(measures, lyrics, brief.previous_lines)
    # whoever worded it, the score is the rubric's
    critique, calls = generation.result.model_copy(update={"score": rubric.total}), generation.calls
    measurements = measures.model_dump()
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
                    "parts": [p.model_dump() for p in rubric.parts],
                    "objective_score": round(rubric.kind_score("objective"), 4),
                    "text_score": round(rubric.kind_score("text"), 4),
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
            "rubric": dg.MetadataValue.md(
                markdown.table(
                    ["part", "kind", "counts as", "measured", "score", "weight", "points lost"],
                    [
                        (
                            p.name,
                            p.kind,
                            counts_as(p.name),
                            p.measured,
                            f"{p.score:.2f}",
                            p.weight,
                            f"{rubric.points_lost(p):.2f}",
                        )
                        for p in rubric.parts
                    ],
                )
            ),
            "weakest": f"{rubric.weakest.name}: {rubric.weakest.measured}" if rubric.weakest else "none",
            "objective_score": round(rubric.kind_score("objective"), 3),
            "text_score": round(rubric.kind_score("text"), 3),
            "measurements": dg.MetadataValue.json(measurements),
        }
    )


def piece_measures(profile: ArtistProfile, track: TrackInfo, video: VideoInfo | None) -> PieceMeasures:
    """What the critic judges: the track's and the teaser's measurements, plus whether the captions
    show while the words are sung (read here from the vocal stem: the teaser's window is known now)."""
    from ai_artist_dagster.domain.audio_analysis import read_audio
    from ai_artist_dagster.domain.critic.measure import captions_sung
    from ai_artist_dagster.domain.music_theory import key_name
    from ai_artist_dagster.domain.vocals.melody import VocalScore

    p = track.params
    number = lambda key: float(p[key]) if isinstance(p.get(key), int | float) else None
    measured_key = str(p.get("measured_key", ""))
    relative = key_name(
        (profile.key + (3 if profile.mode == "minor" else -3)) % 12, "major" if profile.mode == "minor" else "minor"
    )
    captions = None
    if video and track.score_path and "vocal" in track.stems:
        score = VocalScore.model_validate_json(Path(track.score_path).read_text())
        vocal, vsr = read_audio(Path(track.stems["vocal"]))
        captions = captions_sung(vocal, vsr, score, video.track_offset_s, video.duration_s)
    looping = number("looping_bars")
    return PieceMeasures(
        # measured against what the piece asked for (a remote provider reports its own measurement as tempo_bpm)
        requested_tempo_bpm=track.requested_tempo_bpm or track.tempo_bpm,
        measured_tempo_bpm=round(track.measured_tempo_bpm, 2),
        integrated_lufs=round(track.integrated_lufs, 2),
        peak_dbfs=round(track.peak_dbfs, 2),
        clipped_share=number("clipped_share"),
        duration_s=round(track.duration_s, 2),
        key_name=key_name(profile.key, profile.mode),
        measured_key=measured_key,
        key_ok=measured_key in (key_name(profile.key, profile.mode), relative),
        vocals=track.vocals,
        vocal_within_50=number("vocal_within_50"),
        vocal_voiced=number("vocal_voiced"),
        vocal_wer=number("vocal_wer"),
        chorus_vocal_minus_instrumental_lu=number("vocal_chorus_lu"),
        chorus_minus_verse_db=number("chorus_minus_verse_db"),
        looping_bars=int(looping) if looping is not None else None,
        captions_sung=captions,
        video_ok=bool(video.audio_codec) and video.width > 0 and video.duration_s > 1 if video else None,
    )
