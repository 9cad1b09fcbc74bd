"""The artist sings: a melody written from syllables and chords, Festival speaking the lines,
WORLD singing them on the notes (measured with pYIN), stems that add up, and synced lyrics."""

import itertools
import os
import re
from pathlib import Path

import numpy as np
import pytest

from ai_artist_dagster.domain.composer.arrangement import plan_song
from ai_artist_dagster.domain.music_theory import scale_midi
from ai_artist_dagster.domain.vocals.melody import write_melody
from ai_artist_dagster.domain.vocals.syllables import syllabify
from ai_artist_dagster.domain.vocals.synced import enhanced_lrc, srt
from ai_artist_dagster.lib.schemas import Lyrics, LyricSection, VocalIdentity
from ai_artist_dagster.providers.voice import festival

VERSE = [
    "Burning neon in the rain tonight",
    "Every window holds a different light",
    "I keep walking where the rivers run",
    "Counting shadows till the morning sun",
]
CHORUS = [
    "We are golden when the city sleeps",
    "Holding secrets that the thunder keeps",
    "We are golden when the city sleeps",
    "Dancing slowly till the night is won",
]
LYRICS = Lyrics(
    title="Golden",
    theme="night",
    rhyme_scheme="AABB",
    meter_syllables=9,
    prompt_variant="A",
    sections=[
        LyricSection(kind="verse", label="Verse 1", lines=VERSE),
        LyricSection(kind="chorus", label="Chorus", lines=CHORUS),
        LyricSection(kind="outro", label="Outro", lines=[]),
    ],
)


def needs_festival():
    missing = festival.available()
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"CI must sing: {missing}")
    if missing:
        pytest.skip(missing)


def _plan(min_duration_s: float = 10.0):
    return plan_song(
        [(s.kind, s.label) for s in LYRICS.sections],
        tempo_bpm=96,
        key=5,
        mode="minor",
        genre="pop",
        seed=3,
        min_duration_s=min_duration_s,
    )


def _score(plan):
    from ai_artist_dagster.domain.vocals.song import sung_sections

    lines = {t: syllabify(t) for t in VERSE + CHORUS}
    return write_melody(plan, sung_sections(plan, LYRICS, lines), centre_midi=64, seed=3)


def test_every_syllable_gets_a_note_in_range_and_in_time():
    plan = _plan()
    score = _score(plan)
    syllables = sum(len(syllabify(t).syllables) for t in VERSE + CHORUS)
    assert len(score.notes) == syllables
    assert all(score.low_midi <= n.midi <= score.high_midi for n in score.notes)
    assert score.high_midi - score.low_midi == 18  # an octave and a half
    onsets = [n.onset_s for n in score.notes]
    assert onsets == sorted(onsets)
    assert all(a.onset_s + a.duration_s <= b.onset_s + 1e-6 for a, b in itertools.pairwise(score.notes))
    assert onsets[0] >= plan.sections[0].bars * plan.bar_s  # the intro is instrumental


def test_the_melody_moves_mostly_by_step_and_lands_on_the_chord():
    plan = _plan()
    score = _score(plan)
    steps = [abs(b.midi - a.midi) for a, b in itertools.pairwise(score.notes) if a.line_index == b.line_index]
    assert max(steps) <= 7 and np.mean([s <= 3 for s in steps]) >= 0.6
    # stressed syllables fall on the beat more often than not
    beat = plan.beat_s
    on_beat = [abs((n.onset_s / beat) - round(n.onset_s / beat)) < 1e-3 for n in score.notes if n.stressed]
    assert np.mean(on_beat) >= 0.6
    # each phrase ends on its bar's chord root or third
    lines = {}
    for n in score.notes:
        lines.setdefault(n.line_index, []).append(n)
    t0 = 0.0
    starts = []
    for s in plan.sections:
        starts.append((t0, s))
        t0 += s.bars * plan.bar_s
    for notes in lines.values():
        last = notes[-1]
        start, section = [x for x in starts if x[0] <= last.onset_s][-1]
        degree = section.chords[int((last.onset_s - start) // plan.bar_s)]
        stable = {scale_midi(5, "minor", degree, 4) % 12, scale_midi(5, "minor", degree + 2, 4) % 12}
        assert last.midi % 12 in stable, last


def test_the_chorus_sits_higher_and_its_hook_repeats():
    score = _score(_plan(min_duration_s=80))
    verse = [n.midi for n in score.notes if n.section == "Verse 1"]
    chorus = [n for n in score.notes if n.section == "Chorus"]
    assert np.mean([n.midi for n in chorus]) >= np.mean(verse) + 2
    by_line: dict[int, list[int]] = {}
    for n in chorus:
        by_line.setdefault(n.line_index, []).append(n.midi)
    melodies = list(by_line.values())
    assert melodies[0] == melodies[2]  # the hook line, sung again
    choruses = [melodies[i : i + 4] for i in range(0, len(melodies), 4)]
    assert len(choruses) >= 2 and all(c == choruses[0] for c in choruses)  # every chorus the same


def test_synced_lyrics_time_every_sung_word():
    score = _score(_plan())
    lrc = enhanced_lrc(score, "Golden", "Nova Vale", 40.0)
    lines = [ln for ln in lrc.splitlines() if re.match(r"^\[\d\d:\d\d\.\d\d\] ", ln)]
    assert len(lines) == len(VERSE) + len(CHORUS)
    first = lines[0]
    assert re.findall(r"> (\w+)", first) == ["Burning", "neon", "in", "the", "rain", "tonight"]
    times = [t for ln in lines for t in re.findall(r"<(\d\d:\d\d\.\d\d)>", ln)]
    assert times == sorted(times)
    cues = srt(score).strip().split("\n\n")
    assert len(cues) == len(lines) and cues[0].splitlines()[2] == VERSE[0]


@pytest.mark.slow
def test_festival_speaks_syllables_with_phone_times_and_runs_no_lyric_as_code(tmp_path):
    needs_festival()
    trap = tmp_path / "pwned"
    evil = f'x") (system "touch {trap}") ("'
    out = festival.speak(["Burning neon in the rain tonight", evil])
    line, audio, sr = out[0]
    assert [w.text for w in line.words] == ["Burning", "neon", "in", "the", "rain", "tonight"]
    assert [len(w.syllables) for w in line.words] == [2, 2, 1, 1, 1, 2]
    assert line.words[4].syllables[0].stressed
    phones = [p for _, s in line.syllables for p in s.phones]
    assert all(a.end_s <= b.start_s + 1e-6 for a, b in itertools.pairwise(phones))
    assert len(audio) / sr == pytest.approx(line.audio_s) and sr >= 16000
    assert not trap.exists()


PUNCTUATED = ["Let's sing through the hurricane", "A carry-on bag and a check-in line", "Rock’n’roll at 9 o'clock"]


def test_engine_words_are_renamed_to_the_lyric_tokens():
    """Festival says "Let" (singing "l eh t s"), "carry" + "on" and "nine": the score keeps the lyric's token."""
    from ai_artist_dagster.domain.vocals.syllables import Line, Syllable, Word, as_lyric_words, words_of

    def spoken(*names: str) -> list[Word]:
        return [Word(text=n, syllables=[Syllable(text=n)]) for n in names]

    line = Line(
        text="Let's go, carry-on at 9 o'clock!", words=spoken("Let", "go", "carry", "on", "at", "nine", "oclock")
    )
    renamed = as_lyric_words(line)
    assert [w.text for w in renamed.words] == words_of(line.text) == ["Let's", "go", "carry-on", "at", "9", "o'clock"]
    assert [s.text for s in renamed.words[2].syllables] == ["carry", "on"]  # every sung syllable kept, in order
    year = as_lyric_words(Line(text="in 1999 we", words=spoken("in", "nineteen", "ninety", "nine", "we")))
    assert [(w.text, len(w.syllables)) for w in year.words] == [("in", 1), ("1999", 3), ("we", 1)]


def test_contractions_and_hyphens_reach_the_lrc_srt_and_captions_as_written():
    needs_festival()
    from ai_artist_dagster.domain.vocals.song import sung_sections
    from ai_artist_dagster.domain.vocals.syllables import words_of

    spoken = {line.text: line for line, _, _ in festival.speak(PUNCTUATED)}
    for text, line in spoken.items():
        assert [w.text for w in line.words] == words_of(text), text
    verse = LyricSection(kind="verse", label="Verse 1", lines=PUNCTUATED + VERSE[:1])
    lyrics = LYRICS.model_copy(update={"sections": [verse, *LYRICS.sections[1:]]})
    plan = _plan()
    lines = {**{t: syllabify(t) for t in VERSE + CHORUS}, **spoken}
    score = write_melody(plan, sung_sections(plan, lyrics, lines), centre_midi=64, seed=3)
    sung = [word for _, _, word, _ in score.words()]
    for token in ("Let's", "carry-on", "check-in", "Rock’n’roll", "9", "o'clock"):
        assert token in sung, (token, sung)
    lrc, cues = enhanced_lrc(score, "T", "A", 20.0), srt(score)
    assert "> Let's <" in lrc and "> carry-on <" in lrc and "Let's sing through the hurricane" in cues
    assert "A carry-on bag and a check-in line" in cues


@pytest.mark.slow
def test_the_voice_sings_on_pitch():
    needs_festival()
    from ai_artist_dagster.domain.vocals.measure import pitch_report
    from ai_artist_dagster.providers.voice.world import FestivalWorldVoice

    plan = _plan()
    voice = FestivalWorldVoice()
    identity = VocalIdentity(centre_midi=57, timbre_shift=0.88)
    lines = voice.lines(VERSE + CHORUS, identity)
    from ai_artist_dagster.domain.vocals.song import sung_sections

    score = write_melody(plan, sung_sections(plan, LYRICS, lines), identity.centre_midi, seed=3)
    stem = voice.stem(score, identity, 44100, plan.duration_s + 1)
    report = pitch_report(stem, 44100, score)
    assert report.passed, report.model_dump(exclude={"track"})
    assert report.median_abs_cents <= 10 and report.voiced >= 0.95
    # silent between phrases, sung inside them
    first = score.notes[0]
    before = stem[: int((first.onset_s - 0.3) * 44100)]
    assert np.sqrt(np.mean(before**2)) < 1e-3


@pytest.mark.slow
def test_a_composed_song_is_sung_with_stems_that_add_up(tmp_path, profile):
    needs_festival()
    from ai_artist_dagster.domain.audio_analysis import read_audio
    from ai_artist_dagster.providers.music import OfflineComposer, TrackRequest
    from ai_artist_dagster.providers.voice.world import FestivalWorldVoice

    request = TrackRequest(profile=profile, lyrics=LYRICS, seed=5, min_duration_s=20)
    track = OfflineComposer(FestivalWorldVoice()).compose(request, tmp_path / "track.wav")
    assert track.vocals == "festival-world"
    assert set(track.stems) == {"vocal", "instrumental", "drums", "bass", "music"}
    master, _ = read_audio(Path(track.wav_path))
    stem = {role: read_audio(Path(path))[0] for role, path in track.stems.items()}
    for parts in (("vocal", "instrumental"), ("vocal", "drums", "bass", "music")):
        total = sum(stem[p] for p in parts)
        residual = np.sqrt(np.mean((total - master) ** 2)) / np.sqrt(np.mean(master**2))
        assert 20 * np.log10(residual + 1e-12) < -40, parts  # 16-bit files: rounding only
    assert all(np.sqrt(np.mean(stem[p] ** 2)) > 0.01 for p in ("drums", "bass", "music"))
    assert abs(track.integrated_lufs - (-14)) < 0.5
    assert track.score is not None and len(track.score.notes) > 40


@pytest.mark.slow
def test_without_festival_the_song_is_an_instrumental_that_says_why(tmp_path, profile):
    from ai_artist_dagster.providers.music import OfflineComposer, TrackRequest
    from ai_artist_dagster.providers.voice import NoVoice

    request = TrackRequest(profile=profile, lyrics=LYRICS, seed=5, min_duration_s=20)
    reason = "festival is not installed (apt-get install festival festvox-us-slt-hts)"
    track = OfflineComposer(NoVoice(reason)).compose(request, tmp_path / "track.wav")
    assert track.vocals == "none" and track.vocals_note == reason
    assert set(track.stems) == {"instrumental", "drums", "bass", "music"}  # no vocal stem
    assert track.score is not None  # the melody plan is still written


@pytest.mark.slow
def test_the_pitch_check_fails_a_detuned_or_absent_voice():
    needs_festival()
    import librosa

    from ai_artist_dagster.domain.vocals.measure import pitch_report
    from ai_artist_dagster.domain.vocals.song import sung_sections
    from ai_artist_dagster.providers.voice.world import FestivalWorldVoice

    plan = _plan()
    voice, identity = FestivalWorldVoice(), VocalIdentity()
    score = write_melody(plan, sung_sections(plan, LYRICS, voice.lines(VERSE + CHORUS, identity)), 64, seed=3)
    stem = voice.stem(score, identity, 22050, plan.duration_s + 1)
    assert pitch_report(stem, 22050, score).passed
    sharp = librosa.effects.pitch_shift(stem, sr=22050, n_steps=0.6)  # 60 cents sharp
    detuned = pitch_report(sharp, 22050, score)
    assert not detuned.passed and detuned.median_abs_cents > 40
    noise = np.random.default_rng(0).normal(0, 0.1, len(stem)).astype(np.float32)
    assert not pitch_report(noise, 22050, score).passed


@pytest.mark.slow
def test_a_hung_festival_makes_an_instrumental_not_a_failed_piece(tmp_path, profile, monkeypatch):
    import subprocess

    from ai_artist_dagster.providers.music import OfflineComposer, TrackRequest
    from ai_artist_dagster.providers.voice.world import FestivalWorldVoice

    def hang(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], festival.TIMEOUT_S)

    monkeypatch.setattr(festival, "available", lambda voice=festival.DEFAULT_VOICE: None)
    monkeypatch.setattr(festival.subprocess, "run", hang)
    request = TrackRequest(profile=profile, lyrics=LYRICS, seed=5, min_duration_s=20)
    track = OfflineComposer(FestivalWorldVoice()).compose(request, tmp_path / "track.wav")
    assert track.vocals == "none" and "did not finish" in track.vocals_note and "vocal" not in track.stems


def test_the_presence_check_fails_a_buried_or_silent_voice():
    from ai_artist_dagster.domain.vocals.measure import presence_report

    plan = _plan(min_duration_s=30)
    score = _score(plan)
    sr = 22_050
    n = int((plan.duration_s + 1) * sr)
    t = np.arange(n) / sr
    vocal = np.zeros(n, dtype=np.float32)
    for note in score.notes:
        a, b = int(note.onset_s * sr), int((note.onset_s + note.duration_s) * sr)
        vocal[a:b] = 0.2 * np.sin(2 * np.pi * 440 * 2 ** ((note.midi - 69) / 12) * t[a:b])
    band = (np.random.default_rng(1).normal(0, 0.1, n)).astype(np.float32)
    t0 = 0.0
    choruses = []
    for s in plan.sections:
        if s.kind == "chorus":
            choruses.append((t0, t0 + s.bars * plan.bar_s))
        t0 += s.bars * plan.bar_s
    level = presence_report(vocal, band, sr, score, choruses, voiced=1.0)
    assert level.passed and abs(level.chorus_vocal_minus_instrumental_lu) < 6
    buried = presence_report(vocal * 0.02, band, sr, score, choruses, voiced=1.0)
    assert not buried.passed and buried.chorus_vocal_minus_instrumental_lu < -20
    silent = presence_report(np.zeros(n, dtype=np.float32), band, sr, score, choruses, voiced=0.0)
    assert not silent.passed


def test_a_crowded_line_keeps_eighths_on_its_stresses():
    from ai_artist_dagster.domain.vocals.melody import _rhythm

    line = syllabify("Holding secrets that the thunder keeps")  # 9 syllables in 16 usable 16ths: no room for 9 eighths
    rhythm = _rhythm(line, 20)
    syllables = [s for _, s in line.syllables]
    assert len(rhythm) == len(syllables) == 9 and rhythm[-1][0] + rhythm[-1][1] <= 16
    stressed = [length for (_, length), s in zip(rhythm, syllables, strict=True) if s.stressed]
    assert stressed and min(stressed) >= 2 and any(length == 1 for _, length in rhythm)


def test_a_long_song_is_recognised_on_a_sample_of_lines_spread_over_it():
    from ai_artist_dagster.domain.vocals.intelligibility import sample

    rate = 100
    clips = [(f"line {i}", np.zeros(5 * rate), rate) for i in range(26)]  # 130 s of singing
    picked = sample(clips, budget_s=45)
    assert [text for text, _, _ in picked] == ["line 0", "line 3", "line 6", "line 9", "line 12", "line 16",
                                               "line 19", "line 22", "line 25"]  # fmt: skip
    assert sum(len(audio) / rate for _, audio, _ in picked) <= 45
    assert sample(clips[:6], budget_s=45) == clips[:6]  # a short song: every line
    assert len(sample(clips[:1], budget_s=1)) == 1
