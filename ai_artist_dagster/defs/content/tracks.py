"""`tracks`: the rendered, mastered and measured song for one artist on one day."""

import datetime as dt
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg

from ai_artist_dagster.defs.content.arms import piece_arms
from ai_artist_dagster.defs.content.resources import MusicResource
from ai_artist_dagster.defs.io import PIECE_IO_MANAGER
from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource
from ai_artist_dagster.lib import markdown, records
from ai_artist_dagster.lib.partitions import artist_day_partitions, split_artist_day
from ai_artist_dagster.lib.paths import piece_dir
from ai_artist_dagster.lib.plots import markdown_image, waveform_and_spectrogram_png
from ai_artist_dagster.lib.pools import MUSIC_API
from ai_artist_dagster.lib.schemas import Lyrics, TrackInfo
from ai_artist_dagster.lib.seeds import seed_of
from ai_artist_dagster.lib.warehouse import insert_rows, now, replace_rows

if TYPE_CHECKING:
    from ai_artist_dagster.providers.music import MusicAttempt

LOUDNESS_TOLERANCE_LU = 1.0


@dg.asset(
    kinds={"duckdb", "wav", "mp3"},
    partitions_def=artist_day_partitions,
    pool=MUSIC_API,
    io_manager_key=PIECE_IO_MANAGER,
    check_specs=[
        dg.AssetCheckSpec(
            "tempo_matches_profile",
            asset="tracks",
            blocking=True,
            description="the measured tempo (beat tracker) is the requested tempo (or its half/double) within 4 %; "
            "a warning only for remote providers, which take the tempo as a hint",
        ),
        dg.AssetCheckSpec(
            "loudness_on_target",
            asset="tracks",
            blocking=True,
            description="integrated loudness is the target (-14 LUFS) ± 1 LU",
        ),
        dg.AssetCheckSpec(
            "cover_store_grade",
            asset="tracks",
            blocking=True,
            description="the cover file is a 3000×3000 RGB JPEG and its words contrast ≥ 4.5:1 with the pixels "
            "behind them (WCAG, against the darkest and lightest)",
        ),
        dg.AssetCheckSpec(
            "arrangement_dynamics",
            asset="tracks",
            description="the chorus is ≥ 3 dB louder than the verse, drums play by bar 2, "
            "and no stretch longer than 8 bars loops near-identical bars",
        ),
        dg.AssetCheckSpec(
            "vocal_on_pitch",
            asset="tracks",
            blocking=True,
            description="the vocal stem sings its score: pYIN median error ≤ 25 cents, ≥ 90 % of notes within 50 cents, "
            "≥ 80 % of notes voiced (a warning when the song is instrumental or sung by a remote provider)",
        ),
        dg.AssetCheckSpec(
            "vocal_presence",
            asset="tracks",
            description="the voice is there: voiced in ≥ 80 % of its notes and, in the chorus, within 6 LU of the "
            "instrumental (not buried, not on top); reports the word error rate of an offline recogniser "
            "(pocketsphinx) on the sung lines",
        ),
    ],
)
def tracks(
    context: dg.AssetExecutionContext,
    lyrics: Lyrics,
    music: MusicResource,
    storage: StorageResource,
    warehouse: WarehouseResource,
):  # returns MaterializeResult(value=TrackInfo): the value goes to the piece IO manager
    """A full song (≥ 60 s, stereo 44.1 kHz) at the profile's tempo and key following the lyrics'
    sections, from the configured music provider (the offline composer by default; a Suno-compatible
    API falls back to it): WAV master, tagged MP3 with cover art, the measurements of the result
    (tempo and beats by the numpy beat tracker, key, BS.1770 loudness in numpy), the A/B music
    parameters, and every provider attempt in `music_calls`."""
    from ai_artist_dagster.defs.content.band import band_files
    from ai_artist_dagster.defs.content.vocals import start_listening, sung_files
    from ai_artist_dagster.domain.audio_analysis import analyze_samples, read_audio, tempo_matches
    from ai_artist_dagster.domain.audio_files import encode_mp3, tag_mp3
    from ai_artist_dagster.domain.composer.arrangement_measure import measure_arrangement
    from ai_artist_dagster.domain.cover import make_cover
    from ai_artist_dagster.domain.critic.measure import clipped_share
    from ai_artist_dagster.domain.music_theory import key_name
    from ai_artist_dagster.providers.music import TrackRequest

    date, artist_id = split_artist_day(context)
    pid = records.piece_id(date, artist_id)
    wh = warehouse.get()
    profile = records.piece_profile(wh, pid)
    song = lyrics
    folder = piece_dir(storage.root, date, artist_id)
    folder.mkdir(parents=True, exist_ok=True)
    provider = music.get()
    seed = seed_of("track", pid, song.title)
    arm = piece_arms(wh, pid).music_params()
    request = TrackRequest(
        profile=profile,
        lyrics=song,
        seed=seed,
        min_duration_s=music.min_duration_s,
        target_lufs=music.target_lufs,
        **arm.model_dump(),
    )
    context.log.info(
        f"{pid}: composing '{song.title}' with {provider.name} ({request.tempo_bpm:g} bpm, "
        f"{key_name(profile.key, profile.mode)}, arm {arm.arm})"
    )
    composed = provider.compose(request, folder / "track.wav")
    for attempt in composed.attempts:
        if attempt.outcome != "ok":
            context.log.warning(
                f"{pid}: {attempt.provider} {attempt.outcome}: {attempt.error} — used {composed.provider}"
            )
    wav = folder / "track.wav"
    listening = start_listening(composed, context.log.warning)  # on spare cores while the rest is measured
    art = make_cover(
        folder / "cover.jpg",
        profile.visual_palette,
        profile.name,
        song.title,
        request.seed,
        artist_id=artist_id,
        mood=profile.mood,
    )
    cover = Path(art.path)
    mp3 = encode_mp3(wav, folder / "track.mp3")
    tag_mp3(
        mp3,
        title=song.title,
        artist=profile.name,
        genre=profile.genre,
        year=dt.date.fromisoformat(date).year,
        bpm=round(composed.tempo_bpm),
        key=key_name(profile.key, profile.mode),
        cover=cover,
    )
    audio, sr = read_audio(wav)
    measured = composed.analysis or analyze_samples(audio, sr, start_bpm=composed.tempo_bpm)
    band_paths, band_metadata = band_files(folder, composed, song.title)
    shape = measure_arrangement(audio, sr, composed.sections, composed.tempo_bpm)
    picture = waveform_and_spectrogram_png(audio, sr, f"{profile.name} — {song.title}")
    sung = sung_files(folder, composed, song.title, profile.name, measured.duration_s, listening)  # waits for them
    if composed.vocals == "none" and composed.provider == "offline":
        context.log.warning(f"{pid}: instrumental — {composed.vocals_note}")
    if composed.instruments_note:
        context.log.warning(f"{pid}: the band is played by the {composed.instruments} — {composed.instruments_note}")
    info = TrackInfo(
        wav_path=str(wav),
        mp3_path=str(mp3),
        cover_path=str(cover),
        duration_s=measured.duration_s,
        sample_rate=measured.sample_rate,
        channels=measured.channels,
        tempo_bpm=composed.tempo_bpm,
        requested_tempo_bpm=request.tempo_bpm,
        key=profile.key,
        mode=profile.mode,
        integrated_lufs=measured.integrated_lufs,
        peak_dbfs=measured.peak_dbfs,
        measured_tempo_bpm=measured.tempo_bpm,
        beat_times=measured.beat_times or composed.beat_times,
        sections=composed.sections,
        params={
            **composed.params,
            **sung.measured(),
            "chorus_minus_verse_db": shape.chorus_minus_verse_db if shape.chorus_minus_verse_db is not None else "—",
            "looping_bars": shape.longest_same_bars,
            "clipped_share": round(clipped_share(audio), 6),
            "provider": composed.provider,
            "arm": arm.arm,
            "measured_key": measured.key_name,
            "key_confidence": measured.key_confidence,
        },
        vocals=composed.vocals,
        instruments=composed.instruments,
        stems=composed.stems,
        **sung.paths,
        **band_paths,
    )
    info = storage.media().publish_paths(info)  # every worker reads it from the store (lib/media.py)
    with wh.write() as con:
        replace_rows(con, "tracks", {"piece_id": pid}, [_track_row(pid, date, artist_id, info, composed.provider)])
        insert_rows(con, "music_calls", [_call_row(context.run_id, pid, artist_id, a) for a in composed.attempts])
    tempo_ok = tempo_matches(measured.tempo_bpm, request.tempo_bpm)
    loud_ok = abs(measured.integrated_lufs - music.target_lufs) <= LOUDNESS_TOLERANCE_LU
    remote = composed.provider != "offline"
    return dg.MaterializeResult(
        value=info,
        metadata={
            "title": song.title,
            "provider": composed.provider,
            "provider_attempts": dg.MetadataValue.md(_attempts_markdown(composed.attempts)),
            "arm": arm.arm,
            "duration_s": round(info.duration_s, 2),
            "tempo_bpm": request.tempo_bpm,
            "measured_tempo_bpm": round(measured.tempo_bpm, 2),
            "key": key_name(profile.key, profile.mode),
            "measured_key": measured.key_name,
            "integrated_lufs": round(measured.integrated_lufs, 2),
            "peak_dbfs": round(measured.peak_dbfs, 2),
            "sections": " → ".join(s.label for s in composed.sections),
            "vocals": composed.vocals if composed.vocals != "none" else f"none: {composed.vocals_note}",
            "instruments": " — ".join(filter(None, (composed.instruments, composed.instruments_note))),
            **sung.metadata,
            **band_metadata,
            "section_loudness": dg.MetadataValue.md(
                markdown.table(["section", "LUFS"], [(label, f"{lufs:.1f}") for label, lufs in shape.section_lufs])
            ),
            "waveform": dg.MetadataValue.md(markdown_image(picture, "waveform and spectrogram")),
            "wav": dg.MetadataValue.path(str(wav)),
            "mp3": dg.MetadataValue.path(str(mp3)),
            "cover": dg.MetadataValue.path(str(cover)),
            "cover_look": f"{art.identity.motif}, {art.identity.face}, words {art.identity.placement}"
            + (" on a panel" if art.panel else ""),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="tempo_matches_profile",
                passed=tempo_ok,
                severity=dg.AssetCheckSeverity.WARN if remote else dg.AssetCheckSeverity.ERROR,
                metadata={"target_bpm": request.tempo_bpm, "measured_bpm": round(measured.tempo_bpm, 2)},
            ),
            dg.AssetCheckResult(
                check_name="loudness_on_target",
                passed=loud_ok,
                metadata={"target_lufs": music.target_lufs, "measured_lufs": round(measured.integrated_lufs, 2)},
            ),
            _cover_check(cover, art.contrast),
            sung.pitch_check(),
            sung.presence_check(),
            dg.AssetCheckResult(
                check_name="arrangement_dynamics",
                passed=shape.passed,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "chorus_minus_verse_db": shape.chorus_minus_verse_db
                    if shape.chorus_minus_verse_db is not None
                    else "—",
                    "drums_from_bar": shape.drums_from_bar or "none",
                    "longest_looping_bars": shape.longest_same_bars,
                },
            ),
        ],
    )


def _cover_check(cover: Path, contrast: float) -> dg.AssetCheckResult:
    from PIL import Image

    from ai_artist_dagster.domain.cover import COVER_SIZE, MIN_CONTRAST

    with Image.open(cover) as image:
        size, mode, kind = image.size, image.mode, image.format
    passed = size == (COVER_SIZE, COVER_SIZE) and mode == "RGB" and kind == "JPEG" and contrast >= MIN_CONTRAST
    return dg.AssetCheckResult(
        check_name="cover_store_grade",
        passed=passed,
        metadata={"size": f"{size[0]}×{size[1]}", "mode": mode, "format": kind or "?", "text_contrast": contrast},
    )


def _track_row(pid: str, date: str, artist_id: str, info: TrackInfo, provider: str) -> dict:
    return {
        "piece_id": pid,
        "date": date,
        "artist_id": artist_id,
        "wav_path": info.wav_path,
        "mp3_path": info.mp3_path,
        "cover_path": info.cover_path,
        "duration_s": info.duration_s,
        "tempo_bpm": info.requested_tempo_bpm or info.tempo_bpm,  # the target; what was measured is beside it
        "measured_tempo_bpm": info.measured_tempo_bpm,
        "key": info.key,
        "mode": info.mode,
        "integrated_lufs": info.integrated_lufs,
        "peak_dbfs": info.peak_dbfs,
        "provider": provider,
        "params": info.params,
        "info": info.model_dump_json(),
        "created_at": now(),
    }


def _call_row(run_id: str, pid: str, artist_id: str, attempt: "MusicAttempt") -> dict:
    return {
        "call_id": uuid.uuid4().hex,
        "called_at": now(),
        "run_id": run_id,
        "piece_id": pid,
        "artist_id": artist_id,
        **attempt.model_dump(),
    }


def _attempts_markdown(attempts: list["MusicAttempt"]) -> str:
    return markdown.table(
        ["provider", "outcome", "job", "credits", "USD", "seconds", "error"],
        [
            (
                a.provider,
                a.outcome,
                a.job_id or "—",
                f"{a.credits:g}",
                f"{a.cost_usd:.4f}",
                f"{a.latency_s:.1f}",
                a.error or "—",
            )
            for a in attempts
        ],
    )
