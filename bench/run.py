"""Benchmarks of the offline media path on this machine; rewrites docs/benchmarks.md.

Each figure is compared with its reference measured in the same run:
- composer: seconds of audio rendered per second;
- analysis: a 2-minute track analysed in a fresh process (imports included), bar 3 s, vs librosa;
- video: teaser render speed (× realtime) vs ffmpeg encoding the same number of frames alone;
- code location: Definitions load in a fresh process, bar 3 s;
- writer: tokens per release (offline vs the OpenAI client against a local fake API), router overhead.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def fresh_process(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    from ai_artist_dagster.domain.audio_files import write_wav
    from ai_artist_dagster.domain.composer import master, plan_song, render_song
    from ai_artist_dagster.domain.video import VideoSpec, render_video
    from ai_artist_dagster.domain.video.render import h264_output, raw_frames_input

    tmp = Path(tempfile.mkdtemp())
    sections = [("verse", "V1"), ("chorus", "C"), ("verse", "V2"), ("chorus", "C"), ("bridge", "B"), ("chorus", "C")]
    plan = plan_song(sections, tempo_bpm=120, key=9, mode="minor", genre="pop", seed=1, min_duration_s=120)
    t_render, song = timed(lambda: render_song(plan))
    t_master, (audio, _, _) = timed(lambda: master(song.audio, song.sample_rate))
    wav = write_wav(tmp / "t.wav", audio, song.sample_rate)
    audio_s = len(audio) / song.sample_rate

    t_cold = fresh_process(
        "from pathlib import Path; from ai_artist_dagster.domain.audio_analysis import analyze_audio; "
        f"analyze_audio(Path({str(wav)!r}), start_bpm=120)"
    )
    t_cold_librosa = fresh_process(
        "import librosa, soundfile as sf; y, sr = sf.read("
        f"{str(wav)!r}, dtype='float32'); y = librosa.resample(y.mean(axis=1), orig_sr=sr, target_sr=22050, res_type='polyphase'); "
        "o = librosa.onset.onset_strength(y=y, sr=22050); librosa.beat.beat_track(onset_envelope=o, sr=22050, start_bpm=120); "
        "librosa.feature.chroma_stft(y=y, sr=22050, hop_length=2048, n_fft=4096)"
    )
    t_load = fresh_process("from ai_artist_dagster.definitions import defs; defs()")

    spec = VideoSpec(duration_s=15, track_offset_s=30, artist="Bench Artist", title="Bench", beat_times=song.beat_times)
    t_video, _ = timed(lambda: render_video(spec, wav, tmp / "v.mp4", tmp / "v.png"))
    frames = int(spec.duration_s * spec.fps)
    frame = np.zeros((spec.height, spec.width, 3), np.uint8).tobytes()
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*raw_frames_input(spec.width, spec.height, spec.fps), *h264_output(spec), str(tmp / "ref.mp4")],
        stdin=subprocess.PIPE,
    )
    for _ in range(frames):
        proc.stdin.write(frame)
    proc.stdin.close()
    proc.wait()
    t_ffmpeg = time.perf_counter() - start

    rows = [
        (
            "composer: render + master a 2-min song",
            f"{t_render + t_master:.2f} s",
            f"{audio_s / (t_render + t_master):.0f}× realtime",
            "—",
        ),
        (
            "audio analysis, fresh process (2-min track)",
            f"{t_cold:.2f} s",
            "bar ≤ 3 s",
            f"librosa doing the same (onset, beats, chroma), fresh process: {t_cold_librosa:.2f} s",
        ),
        (
            "teaser render 720x1280, 15 s, with audio",
            f"{t_video:.2f} s",
            f"{spec.duration_s / t_video:.2f}× realtime (bar ≥ 2×)",
            f"ffmpeg alone, same frames (blank): {t_ffmpeg:.2f} s → render/ffmpeg = {t_video / t_ffmpeg:.1f}×",
        ),
        ("code location load (Definitions, dbt manifest)", f"{t_load:.2f} s", "bar ≤ 3 s", "—"),
    ]
    from bench.llm_tokens import run as llm_rows

    rows += llm_rows()
    table = "| what | measured | figure | reference (same run) |\n|---|---|---|---|\n" + "\n".join(
        f"| {' | '.join(r)} |" for r in rows
    )
    machine = f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    text = (
        "# Benchmarks\n\nWritten by `make bench` (bench/run.py). Numbers are from one run on the machine below; "
        "compare rows only within one run.\n\n"
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n- machine: {machine}\n\n{table}\n"
    )
    (ROOT / "docs" / "benchmarks.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
