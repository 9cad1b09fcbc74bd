"""General MIDI instruments rendered by FluidSynth from a SoundFont (default: FluidR3 GM, MIT).

Each part becomes a MIDI file rendered by its own ``fluidsynth`` process (as many at a time as this
process may use cores), without FluidSynth's reverb and chorus: the mix adds its own."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import soundfile as sf

from ai_artist_dagster.domain.composer.midi import part_to_smf
from ai_artist_dagster.domain.composer.parts import Part, Role
from ai_artist_dagster.lib.processes import usable_cores
from ai_artist_dagster.providers.instruments.base import Instruments

DEFAULT_SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
INSTALL = "sudo apt-get install -y fluidsynth fluid-soundfont-gm"
TIMEOUT_S = 120


class FluidSynthFailed(RuntimeError):
    pass


def missing(soundfont: str) -> str:
    """Why FluidSynth cannot play here ('' when it can)."""
    if not shutil.which("fluidsynth"):
        return f"fluidsynth is not installed (run: {INSTALL})"
    if not Path(soundfont).is_file():
        return f"no SoundFont at {soundfont} (run: {INSTALL}, or set AI_ARTIST_SOUNDFONT)"
    with open(soundfont, "rb") as f:
        header = f.read(12)
    if header[:4] != b"RIFF" or header[8:12] != b"sfbk":
        return f"{soundfont} is not a SoundFont 2 file (set AI_ARTIST_SOUNDFONT to a .sf2)"
    return ""


class FluidSynthInstruments(Instruments):
    name = "fluidsynth"

    def __init__(self, soundfont: str = DEFAULT_SOUNDFONT):
        self.soundfont = soundfont

    def render(self, parts: Sequence[Part], sample_rate: int, n: int) -> dict[Role, np.ndarray]:
        with tempfile.TemporaryDirectory(prefix="ai-artist-fluidsynth-") as tmp:
            jobs = [p for p in parts if p.notes]
            workers = max(1, min(len(jobs), usable_cores()))
            with ThreadPoolExecutor(max_workers=workers) as pool:
                audio = list(pool.map(lambda p: self._render_one(p, Path(tmp), sample_rate), jobs))
        out: dict[Role, np.ndarray] = {}
        for part, y in zip(jobs, audio, strict=True):
            fitted = np.zeros((n, 2), dtype=np.float32)
            fitted[: min(n, len(y))] = y[:n]
            out[part.role] = fitted
        return out

    def _render_one(self, part: Part, folder: Path, sample_rate: int) -> np.ndarray:
        mid, wav = folder / f"{part.role}.mid", folder / f"{part.role}.wav"
        mid.write_bytes(part_to_smf(part))
        command = [
            *("fluidsynth", "-n", "-i", "-q", "-R", "0", "-C", "0", "-g", "0.6"),
            # load only the samples the part's instruments play, not the whole 148 MB SoundFont: a
            # render then holds ~45 MB rather than ~175 MB, and spends less time faulting pages in
            *("-o", "synth.dynamic-sample-loading=1"),
            *("-r", str(sample_rate), "-O", "float", "-T", "wav", "-F", str(wav), self.soundfont, str(mid)),
        ]
        try:
            result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as exc:
            raise FluidSynthFailed(f"fluidsynth took over {TIMEOUT_S} s on the {part.role} part") from exc
        errors = result.stderr.decode(errors="replace").strip()
        # FluidSynth exits 0 and writes silence when the SoundFont cannot be read: its stderr and a
        # silent file are the only signs.
        if result.returncode != 0 or not wav.is_file() or "error" in errors.lower():
            raise FluidSynthFailed(f"fluidsynth failed on the {part.role} part: {errors[-300:] or result.returncode}")
        audio, _ = sf.read(str(wav), dtype="float32", always_2d=True)
        if not np.any(np.abs(audio) > 1e-4):
            raise FluidSynthFailed(f"fluidsynth rendered the {part.role} part as silence ({self.soundfont})")
        return audio[:, :2] if audio.shape[1] >= 2 else np.repeat(audio, 2, axis=1)
