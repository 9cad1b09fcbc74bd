"""The band: what each instrument plays per section, how parts are conditioned, and FluidSynth."""

import itertools
import os
from pathlib import Path

import numpy as np
import pytest

from ai_artist_dagster.domain.composer import parts as gm
from ai_artist_dagster.domain.composer import plan_song, render_song
from ai_artist_dagster.domain.composer.band import MelodyNote, write_band
from ai_artist_dagster.domain.composer.parts import Part
from ai_artist_dagster.domain.composer.render import SR, condition, phase_correlation
from ai_artist_dagster.domain.writer import write_profile
from ai_artist_dagster.lib.schemas import ArtistNiche, ProfileBrief, TrendReport

SECTIONS = [("verse", "Verse 1"), ("pre_chorus", "Pre"), ("chorus", "Chorus"), ("bridge", "Bridge"), ("chorus", "C")]


def _plan(genre: str = "pop", seed: int = 3):
    return plan_song(SECTIONS, tempo_bpm=120, key=9, mode="minor", genre=genre, seed=seed, min_duration_s=60)


def _section_notes(plan, part: Part, kind: str) -> list[gm.Note]:
    t, out = 0.0, []
    for s in plan.sections:
        end = t + s.bars * plan.bar_s
        if s.kind == kind:
            out += [n for n in part.notes if t <= n.at_s < end]
        t = end
    return out


def needs_fluidsynth():
    from ai_artist_dagster.providers.instruments.fluidsynth import DEFAULT_SOUNDFONT, missing

    why = missing(DEFAULT_SOUNDFONT)
    if why and os.environ.get("CI") == "true":
        pytest.fail(f"CI must play the SoundFont: {why}")
    if why:
        pytest.skip(why)


def test_instrumentation_changes_between_sections():
    plan = _plan()
    parts = {p.role: p for p in write_band(plan)}
    assert set(parts) == {"drums", "bass", "keys", "pad"}  # no melody given: no lead
    drums = parts["drums"]
    kicks = [n for n in drums.notes if n.midi == gm.KICK]
    assert min(n.at_s for n in kicks) < 2 * plan.bar_s  # drums by bar 2
    assert not _section_notes(plan, parts["pad"], "verse")  # the pad arrives with the pre-chorus
    assert _section_notes(plan, parts["pad"], "pre_chorus") and _section_notes(plan, parts["pad"], "chorus")
    verse, chorus = (len(_section_notes(plan, drums, k)) / 8 for k in ("verse", "chorus"))
    assert chorus > 1.3 * verse  # the chorus is busier per bar
    crashes = [n for n in _section_notes(plan, drums, "chorus") if n.midi == gm.CRASH]
    assert crashes
    bridge_kicks = [n for n in _section_notes(plan, drums, "bridge") if n.midi == gm.KICK]
    verse_kicks = [n for n in _section_notes(plan, drums, "verse") if n.midi == gm.KICK]
    assert len(bridge_kicks) < len(verse_kicks)  # half-time


def test_the_keys_voice_lead_through_the_progression():
    plan = _plan("r&b")  # electric-piano stabs: the voicing alone, no left hand
    keys = next(p for p in write_band(plan) if p.role == "keys")
    by_onset: dict[float, list[int]] = {}
    for n in keys.notes:
        by_onset.setdefault(n.at_s, []).append(n.midi)
    chords = [sorted(v) for _, v in sorted(by_onset.items()) if len(v) >= 3]
    moves = [sum(abs(a - b) for a, b in zip(x[:3], y[:3], strict=True)) for x, y in itertools.pairwise(chords)]
    assert chords and np.median(moves) <= 4  # the nearest inversion, not root position jumps
    assert len({tuple(c) for c in chords}) >= 6  # the voicings move


def test_the_lead_plays_the_hook_where_nobody_sings_and_the_whole_tune_in_an_instrumental():
    plan = _plan()
    chorus_at = next(t for kind, t in _times(plan) if kind == "chorus")
    melody = [
        MelodyNote(chorus_at + i * plan.beat_s, plan.beat_s * 0.9, 55 + (i % 5)) for i in range(16)
    ]  # a low voice
    sung = next(p for p in write_band(plan, melody, voice_sings=True) if p.role == "lead")
    intro_end, outro_start = plan.sections[0].bars * plan.bar_s, _times(plan)[-1][1]
    assert sung.notes and all(n.at_s < intro_end or n.at_s >= outro_start for n in sung.notes)  # intro and outro
    assert any(n.at_s >= outro_start for n in sung.notes)
    assert [n.midi for n in sung.notes][:5] == [m.midi + 12 for m in melody][
        :5
    ]  # the hook, an octave over the low voice
    alone = next(p for p in write_band(plan, melody, voice_sings=False) if p.role == "lead")
    assert len(alone.notes) == len(melody) and alone.notes[0].at_s == pytest.approx(chorus_at, abs=1e-3)


def _times(plan) -> list[tuple[str, float]]:
    return [(s.kind, t) for s, t in zip(plan.sections, plan.section_starts(), strict=True)]


def test_conditioning_keeps_an_out_of_phase_patch_alive_in_mono_and_removes_dc():
    t = np.arange(SR * 2) / SR
    tone = 0.3 * np.sin(2 * np.pi * 440 * t)
    broken = np.stack([tone + 0.2, -tone + 0.2], axis=1).astype(np.float32)  # opposite phase plus DC
    centred = broken - broken.mean(axis=0)
    assert phase_correlation(centred) < -0.99 and phase_correlation(broken) > -0.1  # the DC hides the phase
    for role in ("lead", "pad", "keys"):
        fixed = condition(role, broken)
        mono = fixed.mean(axis=1)
        stereo_power = np.mean(fixed**2)
        assert 10 * np.log10(stereo_power / np.mean(mono**2)) < 3  # loses under 3 dB summed to mono
        assert abs(np.mean(fixed[SR // 2 :, 0])) < 1e-3  # the DC is gone


def test_fluidsynth_plays_the_parts_in_time(tmp_path):
    needs_fluidsynth()
    from ai_artist_dagster.providers.instruments.fluidsynth import FluidSynthInstruments

    part = Part("keys", 0)
    part.add(1.0, 0.5, 60, 100)
    drums = Part("drums", 0)
    drums.add(0.5, 0.1, gm.KICK, 110)
    out = FluidSynthInstruments().render([part, drums], SR, 2 * SR)
    assert set(out) == {"keys", "drums"} and out["keys"].shape == (2 * SR, 2)

    def onset(audio):
        env = np.abs(audio.mean(axis=1))
        return np.argmax(env > 0.1 * env.max()) / SR

    assert onset(out["keys"]) == pytest.approx(1.0, abs=0.02)
    assert onset(out["drums"]) == pytest.approx(0.5, abs=0.02)
    spectrum = np.abs(np.fft.rfft(out["keys"][SR : SR + SR // 2].mean(axis=1)))
    assert abs(np.fft.rfftfreq(SR // 2, 1 / SR)[np.argmax(spectrum)] - 261.6) < 6  # middle C


@pytest.mark.slow
def test_a_song_on_the_soundfont_is_brighter_than_on_the_synths_and_keeps_its_stems():
    needs_fluidsynth()
    from ai_artist_dagster.providers.instruments.fluidsynth import FluidSynthInstruments

    plan = _plan("rock")
    song = render_song(plan, instruments=FluidSynthInstruments().render)
    assert set(song.stems) == {"drums", "bass", "music"}
    assert np.allclose(song.stems["drums"] + song.stems["bass"] + song.stems["music"], song.audio, atol=1e-5)
    spectrum = np.abs(np.fft.rfft(song.audio[: 30 * SR].mean(axis=1))) ** 2
    freqs = np.fft.rfftfreq(30 * SR, 1 / SR)
    assert spectrum[freqs > 5000].sum() / spectrum.sum() > 0.01  # cymbals and guitar: air the synths lacked


@pytest.mark.slow
def test_a_renderer_that_breaks_hands_the_song_to_the_synths(tmp_path, monkeypatch):
    needs_fluidsynth()
    from ai_artist_dagster.providers.instruments import instruments_for
    from ai_artist_dagster.providers.instruments.fluidsynth import FluidSynthInstruments
    from ai_artist_dagster.providers.music import OfflineComposer, TrackRequest
    from ai_artist_dagster.providers.voice import NoVoice
    from ai_artist_dagster_tests.test_vocals import LYRICS

    bad_font = tmp_path / "broken.sf2"
    bad_font.write_bytes(b"RIFF not a soundfont")

    trend = TrendReport(chart_date="2020-03-06", source="spotify_ph_daily", n_entries=0, rising={}, top_songs=[])
    niche = ArtistNiche(genre="pop", mood="euphoric", tempo_bpm=110, key=2, mode="major")
    profile = write_profile(ProfileBrief(artist_id="x", name="X Y", niche=niche, trend=trend, seed=1))
    request = TrackRequest(profile=profile, lyrics=LYRICS, seed=5, min_duration_s=20)
    track = OfflineComposer(NoVoice("off"), FluidSynthInstruments(str(bad_font))).compose(request, tmp_path / "t.wav")
    assert track.instruments == "synth" and "fluidsynth failed" in track.instruments_note
    assert Path(track.wav_path).stat().st_size > 100_000
    assert "not a SoundFont 2 file" in instruments_for("fluidsynth", str(bad_font)).reason
    monkeypatch.setattr("shutil.which", lambda name: None)
    stand_in = instruments_for("fluidsynth")
    assert stand_in.name == "synth" and "apt-get install -y fluidsynth fluid-soundfont-gm" in stand_in.reason


@pytest.mark.slow
def test_a_renderer_that_rounds_the_length_down_still_mixes():
    plan = _plan()
    melody = [MelodyNote(10.0 + i * 0.5, 0.4, 60 + i % 5) for i in range(8)]

    def short(parts, sample_rate, n):  # one sample short, as a renderer's own rounding can make it
        from ai_artist_dagster.domain.composer.synth_render import render_parts

        return {role: audio[:-1] for role, audio in render_parts(parts, sample_rate, n).items()}

    song = render_song(plan, [(10.0, 14.0)], melody, short)
    assert song.audio.shape[0] == len(song.stems["drums"])


def test_a_sparse_arm_plays_fewer_notes():
    full = {p.role: len(p.notes) for p in write_band(_plan())}
    plan = plan_song(SECTIONS, tempo_bpm=120, key=9, mode="minor", genre="pop", seed=3, min_duration_s=60,
                     instrumentation="sparse")  # fmt: skip
    sparse = {p.role: len(p.notes) for p in write_band(plan)}
    assert sparse["pad"] < full["pad"] and sparse["keys"] < full["keys"] and sparse["drums"] == full["drums"]
