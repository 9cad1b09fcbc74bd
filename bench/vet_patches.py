"""Vet the General MIDI patches the palettes use (composer/palette.py): each is rendered by FluidSynth
on a test phrase and measured raw — left/right phase correlation, the level lost when summed to
mono, DC offset, share of energy above 5 kHz — then after the composer's conditioning
(render.condition), which must leave no part losing more than 3 dB in mono and no DC.

    .venv/bin/python bench/vet_patches.py        # prints a Markdown table (docs/media.md)
"""

from __future__ import annotations

import numpy as np

from ai_artist_dagster.domain.composer.palette import PALETTES
from ai_artist_dagster.domain.composer.parts import HAT, KICK, SNARE, Part, Role
from ai_artist_dagster.domain.composer.render import SR, condition, phase_correlation
from ai_artist_dagster.providers.instruments.fluidsynth import FluidSynthInstruments

LENGTH_S = 6.0


def phrase(role: Role, program: int) -> Part:
    part = Part(role, program)
    if role == "drums":
        for i in range(16):
            part.add(i * 0.25, 0.2, (KICK, HAT, SNARE, HAT)[i % 4], 100)
        return part
    base = {"bass": 36, "keys": 60, "pad": 60, "lead": 67}[role]
    for i, step in enumerate((0, 4, 7, 12, 7, 4, 0, 5)):
        chord = (0, 4, 7) if role in ("keys", "pad") else (0,)
        for offset in chord:
            part.add(i * 0.6, 0.55 if role != "pad" else 1.2, base + step + offset, 96)
    return part


def measure(audio: np.ndarray) -> dict[str, float]:
    left, right = audio[:, 0].astype(np.float64), audio[:, 1].astype(np.float64)
    stereo_power = (np.mean(left**2) + np.mean(right**2)) / 2
    mono_power = np.mean(((left + right) / 2) ** 2)
    spectrum = np.abs(np.fft.rfft(audio.mean(axis=1))) ** 2
    freqs = np.fft.rfftfreq(len(audio), 1 / SR)
    rms = np.sqrt(stereo_power) or 1e-12
    return {
        "corr": phase_correlation(audio),
        "mono_loss_db": float(10 * np.log10(stereo_power / max(mono_power, 1e-20))),
        "dc_db": float(20 * np.log10(max(abs(float(np.mean(left))), 1e-12) / rms)),
        "hf_share": float(spectrum[freqs > 5000].sum() / max(spectrum.sum(), 1e-20)),
    }


def rows() -> list[tuple[str, ...]]:
    renderer = FluidSynthInstruments()
    seen: dict[tuple[Role, int], list[str]] = {}
    for genre, palette in PALETTES.items():
        for role in ("drums", "bass", "keys", "pad", "lead"):
            program = palette.kit if role == "drums" else getattr(palette, role)
            seen.setdefault((role, program), []).append(genre)
    out = []
    for (role, program), genres in sorted(seen.items()):
        audio = renderer.render([phrase(role, program)], SR, int(LENGTH_S * SR))[role]
        raw, done = measure(audio), measure(condition(role, audio))
        out.append(
            (
                role,
                f"{'kit' if role == 'drums' else 'program'} {program}",
                ", ".join(genres),
                f"{raw['corr']:+.2f}",
                f"{raw['mono_loss_db']:.1f} dB",
                f"{raw['dc_db']:.0f} dB",
                f"{raw['hf_share']:.1%}",
                f"{done['mono_loss_db']:.1f} dB / {done['dc_db']:.0f} dB",
            )
        )
    return out


def main() -> None:
    header = ("part", "patch", "genres", "L/R corr", "mono loss", "DC", "> 5 kHz", "after conditioning: mono loss / DC")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows():
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
