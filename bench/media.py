"""Media benchmarks: composer, audio analysis (cold and warm), teaser render vs plain ffmpeg on the
same frames, and one artist-day through Dagster vs its essential compute."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
Row = tuple[str, str, str, str]


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def fresh_process(code: str, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True, env=env)
    return time.perf_counter() - start


def ffmpeg_reference(spec, wav: Path, out: Path) -> float:
    """ffmpeg encoding the teaser's own frames (painted beforehand, held in memory) with the
    teaser's exact encode settings and audio: the floor the renderer is compared with."""
    from ai_artist_dagster.domain.video.render import encode_args, paint_frames, raw_frames_input

    frames = [bytes(canvas.pixels.data) for canvas in paint_frames(spec, wav)]
    cmd = [*raw_frames_input(spec.width, spec.height, spec.fps), *encode_args(spec, wav), str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    for frame in frames:
        proc.stdin.write(frame)
    proc.stdin.close()
    proc.wait()
    return time.perf_counter() - start


BENCH_LYRICS = {
    "verse": [
        "Burning neon in the rain tonight",
        "Every window holds a different light",
        "I keep walking where the rivers run",
        "Counting shadows till the morning sun",
    ],
    "chorus": [
        "We are golden when the city sleeps",
        "Holding secrets that the thunder keeps",
        "We are golden when the city sleeps",
        "Dancing slowly till the night is won",
    ],
    "bridge": ["Call my name across the empty street", "Every echo finds a steady beat"],
}


def sung_song(tmp: Path) -> tuple[list[Row], Path, list[float], dict[str, float]]:
    """A 2-minute sung song the way the tracks asset makes it: melody, voice, instruments, mix, stems, LRC."""
    from ai_artist_dagster.domain.audio_analysis import read_audio
    from ai_artist_dagster.domain.vocals.intelligibility import line_wer, sung_lines
    from ai_artist_dagster.domain.vocals.measure import pitch_report
    from ai_artist_dagster.domain.vocals.synced import enhanced_lrc
    from ai_artist_dagster.domain.writer import write_profile
    from ai_artist_dagster.lib.schemas import ArtistNiche, Lyrics, LyricSection, ProfileBrief, TrendReport
    from ai_artist_dagster.providers.instruments import instruments_for
    from ai_artist_dagster.providers.music import OfflineComposer, TrackRequest
    from ai_artist_dagster.providers.voice import festival, voice_for

    trend = TrendReport(chart_date="2020-03-06", source="spotify_ph_daily", n_entries=0, rising={}, top_songs=[])
    niche = ArtistNiche(genre="pop", mood="euphoric", tempo_bpm=120, key=9, mode="minor")
    profile = write_profile(
        ProfileBrief(artist_id="bench-artist", name="Bench Artist", niche=niche, trend=trend, seed=7)
    )
    order = [
        ("verse", "Verse 1"),
        ("chorus", "Chorus"),
        ("verse", "Verse 2"),
        ("chorus", "Chorus"),
        ("bridge", "Bridge"),
        ("chorus", "Chorus"),
    ]
    lyrics = Lyrics(
        title="Golden", theme="night", rhyme_scheme="AABB", meter_syllables=9, prompt_variant="A",
        sections=[LyricSection(kind=k, label=label, lines=BENCH_LYRICS[k]) for k, label in order],
    )  # fmt: skip
    voice = voice_for("festival")
    request = TrackRequest(profile=profile, lyrics=lyrics, seed=1, min_duration_s=120)

    def make():
        track = OfflineComposer(voice, instruments_for("fluidsynth")).compose(request, tmp / "t.wav")
        if track.score:
            (tmp / "t.lrc").write_text(enhanced_lrc(track.score, "Golden", "Bench Artist", track.duration_s))
        return track

    t_song, track = timed(make)
    wav = Path(track.wav_path)
    rows = [
        (
            f"sung song: melody, voice ({track.vocals}), instruments ({track.instruments}), mix, stems, LRC "
            f"— {track.duration_s:.0f} s",
            f"{t_song:.2f} s",
            f"{track.duration_s / t_song:.1f}× realtime (bar ≤ 30 s for 2 min)",
            "—" if track.vocals != "none" else f"instrumental: {track.vocals_note}",
        )
    ]
    essentials = {"sung song": t_song}
    if track.score and "vocal" in track.stems:
        from ai_artist_dagster.domain.composer.arrangement_measure import measure_arrangement
        from ai_artist_dagster.domain.vocals.intelligibility import sample

        stem, sr = read_audio(Path(track.stems["vocal"]))
        t_pitch, report = timed(lambda: pitch_report(stem, sr, track.score))
        rows.append(
            (
                f"vocal pitch vs score (pYIN on the stem, {report.notes} notes)",
                f"median {report.median_abs_cents:.1f} cents",
                f"{report.within_50:.0%} of notes within 50 cents, {report.voiced:.0%} voiced (bars: ≤ 25, ≥ 90 %, ≥ 80 %)",
                f"pYIN took {t_pitch:.2f} s",
            )
        )
        distinct = sung_lines(stem, sr, track.score)
        heard = sample(distinct)
        t_wer, wer = timed(lambda: line_wer(heard))
        spoken = [(line.text, audio, rate) for line, audio, rate in festival.speak([t for t, _, _ in distinct])]
        rows.append(
            (
                f"intelligibility: word error rate of pocketsphinx on the {len(distinct)} sung lines (no lyric hints)",
                f"{line_wer(distinct):.2f}",
                f"lower is better; the sample the tracks asset hears ({len(heard)} lines): {wer:.2f} in {t_wer:.1f} s",
                f"the same lines spoken by Festival: {line_wer(spoken):.2f}",
            )
        )
        master, master_sr = read_audio(wav)
        t_shape, _ = timed(lambda: measure_arrangement(master, master_sr, track.sections, track.tempo_bpm))
        essentials |= {"pitch": t_pitch, "recogniser": t_wer, "arrangement": t_shape}
    return rows, wav, track.beat_times, essentials


def composer_and_analysis(tmp: Path) -> tuple[list[Row], Path, list[float], dict[str, float]]:
    from ai_artist_dagster.domain.audio_analysis import analyze_audio
    from ai_artist_dagster.domain.audio_files import encode_mp3

    rows, wav, beats, essentials = sung_song(tmp)
    import soundfile as sf

    audio_s = sf.info(str(wav)).duration
    t_cold = fresh_process(
        "from pathlib import Path; from ai_artist_dagster.domain.audio_analysis import analyze_audio; "
        f"analyze_audio(Path({str(wav)!r}), start_bpm=120)"
    )
    t_cold_librosa = fresh_process(
        "import librosa, soundfile as sf; y, sr = sf.read("
        f"{str(wav)!r}, dtype='float32'); y = librosa.resample(y.mean(axis=1), orig_sr=sr, target_sr=22050, "
        "res_type='polyphase'); o = librosa.onset.onset_strength(y=y, sr=22050); "
        "librosa.beat.beat_track(onset_envelope=o, sr=22050, start_bpm=120); "
        "librosa.feature.chroma_stft(y=y, sr=22050, hop_length=2048, n_fft=4096)"
    )
    analyze_audio(wav, start_bpm=120)
    t_warm, _ = timed(lambda: analyze_audio(wav, start_bpm=120))
    t_mp3, _ = timed(lambda: encode_mp3(wav, tmp / "t.mp3"))
    rows += [
        (
            "audio analysis, fresh process (2-min track)",
            f"{t_cold:.2f} s",
            "bar ≤ 3 s",
            f"librosa doing the same (onset, beats, chroma), fresh process: {t_cold_librosa:.2f} s",
        ),
        ("audio analysis, warm (2-min track)", f"{t_warm:.2f} s", f"{audio_s / t_warm:.0f}× realtime", "—"),
    ]
    essentials |= {"analysis": t_warm, "mp3": t_mp3}
    return rows, wav, beats, essentials


TEASER_SIZE = (1080, 1920)  # the teaser's default size (VideoResource)


def teaser_spec(beats: list[float], size: tuple[int, int] = TEASER_SIZE):
    from ai_artist_dagster.domain.video import Caption, VideoSpec

    return VideoSpec(
        width=size[0],
        height=size[1],
        duration_s=15,
        track_offset_s=30,
        artist="Bench Artist",
        title="Bench Title",
        beat_times=beats,
        lyrics=[Caption(30 + 2 * i, 32 + 2 * i, f"a lyric line number {i} on screen") for i in range(8)],
    )


def video(tmp: Path, wav: Path, beats: list[float]) -> list[Row]:
    from ai_artist_dagster.domain.video import render_video

    rows = []
    for size in ((720, 1280), TEASER_SIZE):
        spec = teaser_spec(beats, size)
        t_video, _ = timed(lambda spec=spec: render_video(spec, wav, tmp / "v.mp4", tmp / "v.png"))
        t_ffmpeg = ffmpeg_reference(spec, wav, tmp / "ref.mp4")
        default = size == TEASER_SIZE
        rows.append(
            (
                f"teaser render {spec.width}x{spec.height}, 15 s, with audio",
                f"{t_video:.2f} s",
                f"{spec.duration_s / t_video:.2f}× realtime" + (" (bar ≥ 2×, the default size)" if default else ""),
                f"ffmpeg alone encoding the same frames + audio: {t_ffmpeg:.2f} s → render/ffmpeg = "
                f"{t_video / t_ffmpeg:.2f}×" + (" (bar ≤ 1.3×)" if default else ""),
            )
        )
    return rows


def cycle_seconds(tmp: Path, artists: int) -> float:
    """`ai-artist run` for ``artists`` artist-days in a fresh data dir and Dagster home, as a user runs it."""
    return cycle_times(tmp, artists)[0]


def cycle_times(tmp: Path, artists: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its workers) of `ai-artist run` for ``artists``."""
    import resource

    env = {**os.environ, "AI_ARTIST_DATA_DIR": str(tmp / "data"), "DAGSTER_HOME": str(tmp / "home")}
    cli = Path(sys.executable).with_name("ai-artist")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [str(cli), "run", "--date", "2020-03-06", "--artists", str(artists)],
        check=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# essential work whose cost does not grow with the song's length: the teaser is 15 s, and the
# recogniser hears a sample capped at 45 s of singing (the bench song's 9 lines are about that)
PER_PIECE = ("teaser render", "recogniser")


def essential_seconds(essentials: dict[str, float], bench_song_s: float, songs_s: list[float]) -> dict[str, float]:
    """The essential compute of pieces with songs of ``songs_s`` seconds: each part timed on the
    bench song, scaled by length (save PER_PIECE work)."""
    return {
        name: sum(t if name in PER_PIECE else t * length / bench_song_s for length in songs_s)
        for name, t in essentials.items()
    }


def song_lengths(data: Path) -> list[float]:
    import duckdb

    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return [float(r[0]) for r in con.sql("SELECT duration_s FROM tracks").fetchall()]


def artist_day(tmp: Path, essentials: dict[str, float], bench_song_s: float) -> tuple[list[Row], float]:
    t_day = cycle_seconds(tmp / "one", 1)
    lengths = song_lengths(tmp / "one" / "data")
    parts = essential_seconds(essentials, bench_song_s, lengths)
    essential = sum(parts.values())
    row = (
        "one artist-day, `ai-artist run` (fresh dirs: 7 days of charts, dbt, profile, lyrics, track, "
        "teaser, critique, release + outbox delivery, cost report)",
        f"{t_day:.1f} s",
        f"{t_day / essential:.1f}× its essential compute (bar ≤ 1.5×)",
        f"essential compute (same run, scaled to its {lengths[0]:.0f} s song): {essential:.1f} s = "
        + ", ".join(f"{k} {v:.1f} s" for k, v in parts.items()),
    )
    return [row], t_day


SONG_PROGRAM = """
import sys
from pathlib import Path
from bench.media import sung_song
sung_song(Path(sys.argv[1]))
"""

ESSENTIALS_PROGRAM = """
import json, sys
from pathlib import Path
from bench.media import essentials
print(json.dumps(essentials(Path(sys.argv[1]))))
"""


def on_core(core: int) -> Callable[[], None]:
    """A ``preexec_fn`` that pins the child (and whatever it starts) to one core."""
    return lambda: os.sched_setaffinity(0, {core})


def essentials(tmp: Path) -> tuple[dict[str, float], float]:
    """(seconds of each part of a piece's essential compute, the bench song's length), timed one
    part after another in this process: the sung song and its measurements, analysis, MP3, teaser."""
    import soundfile as sf

    from ai_artist_dagster.domain.video import render_video

    _, wav, beats, parts = composer_and_analysis(tmp)
    parts["teaser render"], _ = timed(lambda: render_video(teaser_spec(beats), wav, tmp / "v.mp4", tmp / "v.png"))
    return parts, sf.info(str(wav)).duration


def essentials_on_one_core(tmp: Path) -> tuple[dict[str, float], float]:
    """essentials() in a fresh process pinned to one core: its FluidSynth threads and ffmpeg's
    encoder threads then share that core (and no spare-core child starts), so the figure is the
    piece's compute on one core, not how much of it a second core can take over."""
    tmp.mkdir()
    out = subprocess.run(
        [sys.executable, "-c", ESSENTIALS_PROGRAM, str(tmp)],
        check=True, cwd=ROOT, capture_output=True, text=True, preexec_fn=on_core(min(os.sched_getaffinity(0))),
    )  # fmt: skip
    parts, song_s = json.loads(out.stdout.splitlines()[-1])
    return parts, song_s


def cores_at_once(tmp: Path) -> float:
    """How this machine runs work on all its cores at once: the bench's sung song and its
    measurements in one fresh process pinned to one core, then in one per core at the same time,
    each pinned to its own; the ratio of the walls (1.0: each core as fast as one alone; shared or
    throttled cores make it larger)."""
    cores = sorted(os.sched_getaffinity(0))

    def together(k: int) -> float:
        start = time.perf_counter()
        procs = []
        for core in cores[:k]:
            d = tmp / f"cores-{k}-{core}"
            d.mkdir()
            procs.append(
                subprocess.Popen([sys.executable, "-c", SONG_PROGRAM, str(d)], cwd=ROOT, preexec_fn=on_core(core))
            )
        for proc in procs:
            assert proc.wait() == 0
        return time.perf_counter() - start

    return together(len(cores)) / together(1)


def ten_artist_day(tmp: Path, t_one: float, essentials: dict[str, float], bench_song_s: float) -> list[Row]:
    """The daily cycle for 10 artists (10 new profiles, songs, teasers, critiques, releases)."""
    t_ten, cpu_ten = cycle_times(tmp / "ten", 10)
    slowdown = cores_at_once(tmp)
    lengths = song_lengths(tmp / "ten" / "data")
    floor = sum(essential_seconds(essentials, bench_song_s, lengths).values()) / (os.cpu_count() or 1)
    import duckdb

    with duckdb.connect(str(tmp / "ten" / "data" / "warehouse.duckdb"), read_only=True) as con:
        released = con.sql("SELECT count(*) FROM releases").fetchone()[0]
        scores = [r[0] for r in con.sql("SELECT score FROM reflections ORDER BY score").fetchall()]
        weakest = con.sql("SELECT parts FROM reflections").fetchall()
    assert released == 10, f"the 10-artist day released {released} pieces"
    import json
    from collections import Counter

    firsts = Counter()
    for (parts,) in weakest:
        rows = json.loads(parts)
        worst = max(rows, key=lambda p: p["weight"] * (1 - p["score"]))
        firsts[worst["name"]] += 1
    return [
        (
            "critic: the 10 ordinary pieces of that day (one chart day, offline defaults)",
            f"{scores[0]:.2f}–{scores[-1]:.2f} / 10",
            f"spread {scores[-1] - scores[0]:.2f} points (bar ≥ 1.5)",
            "weakest part: " + ", ".join(f"{name} ×{n}" for name, n in firsts.most_common()),
        ),
        (
            "10-artist day: CPU time ÷ wall time (the process and its run workers)",
            f"{cpu_ten / t_ten:.2f}",
            f"on {os.cpu_count()} cores (a serial run is ≤ 1)",
            "—",
        ),
        (
            f"10-artist daily cycle, `ai-artist run --artists 10` on {os.cpu_count()} cores (fresh dirs)",
            f"{t_ten:.1f} s",
            f"{10 * 3600 / t_ten:.0f} artist-days per hour",
            f"10 × the one-artist day (same run): {10 * t_one:.1f} s → {10 * t_one / t_ten:.2f}× of that",
        ),
        (
            "10-artist day vs its essential compute ÷ cores",
            f"{t_ten / floor:.2f}×",
            "bar ≤ 1.3×",
            f"essential compute of its {len(lengths)} songs ({sum(lengths) / 60:.0f} min of music) ÷ "
            f"{os.cpu_count()} cores: {floor:.1f} s; this machine runs {os.cpu_count()} copies of the bench "
            f"song at once (one per core) in {slowdown:.2f}× the time of one: against that, "
            f"{t_ten / (floor * slowdown):.2f}×",
        ),
    ]


ALLOCATOR_PROGRAM = """
import resource, sys, time
import dagster as dg
from ai_artist_dagster.definitions import defs
job = defs().resolve_job_def("content_job").get_subset(asset_selection={dg.AssetKey("tracks")})
quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
with dg.DagsterInstance.get() as instance:
    start = time.perf_counter()
    job.execute_in_process(instance=instance, partition_key=sys.argv[1], run_config=quiet)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(time.perf_counter() - start, usage.ru_utime, usage.ru_stime)
"""


def allocator(day: Path) -> list[Row]:
    """The one artist-day's tracks step again, in a fresh process pinned to one core (so no spare
    core takes part of it), with the package's allocator setting (lib/allocator.py) and with glibc's
    own mmap threshold at its ceiling (32 MiB)."""
    (piece,) = (day / "data" / "pieces" / "2020-03-06").iterdir()
    env = {**os.environ, "AI_ARTIST_DATA_DIR": str(day / "data"), "DAGSTER_HOME": str(day / "home")}
    figures = {}
    for name, extra in (("heap", {}), ("glibc", {"MALLOC_MMAP_THRESHOLD_": str(32 << 20)})):
        out = subprocess.run(
            [sys.executable, "-c", ALLOCATOR_PROGRAM, f"{piece.name}|2020-03-06"],
            check=True, cwd=ROOT, capture_output=True, text=True, env=env | extra,
            preexec_fn=on_core(min(os.sched_getaffinity(0))),
        )  # fmt: skip
        figures[name] = [float(x) for x in out.stdout.split()[-3:]]
    (wall, user, system), (wall0, user0, system0) = figures["heap"], figures["glibc"]
    return [
        (
            "tracks step of that artist-day again (fresh process on one core), large buffers kept in the heap "
            "(lib/allocator.py)",
            f"{wall:.1f} s (CPU user {user:.1f} s, system {system:.1f} s)",
            f"{wall0 / wall:.2f}× faster",
            f"glibc's threshold at its 32 MiB ceiling: {wall0:.1f} s (user {user0:.1f} s, system {system0:.1f} s)",
        )
    ]


def run() -> list[Row]:
    tmp = Path(tempfile.mkdtemp())
    rows, wav, beats, _ = composer_and_analysis(tmp)
    rows += video(tmp, wav, beats)
    parts, bench_song_s = essentials_on_one_core(tmp / "essentials")
    day_rows, t_one = artist_day(tmp, parts, bench_song_s)
    day_rows += allocator(tmp / "one")
    return rows + day_rows + ten_artist_day(tmp, t_one, parts, bench_song_s)
