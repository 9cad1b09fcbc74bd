"""What the tracks asset keeps of a sung song: the score (JSON), word-timed lyrics (LRC, SRT), the
vocal stem's pitch against the score, and how they show in the UI (a piano roll with the measured
pitch over it)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dagster as dg

from ai_artist_dagster.lib import markdown
from ai_artist_dagster.lib.background import InChild, spare_core
from ai_artist_dagster.lib.files import atomic_write_text
from ai_artist_dagster.lib.plots import markdown_image, piano_roll_png

if TYPE_CHECKING:
    from ai_artist_dagster.domain.vocals.intelligibility import Heard
    from ai_artist_dagster.domain.vocals.measure import PitchReport, PresenceReport
    from ai_artist_dagster.domain.vocals.melody import VocalScore
    from ai_artist_dagster.providers.music import ComposedTrack


@dataclass
class SungFiles:
    vocals: str
    note: str
    paths: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    pitch: PitchReport | None = None
    presence: PresenceReport | None = None

    def measured(self) -> dict[str, float]:
        """The vocal's figures for the track's params (what the critic reads)."""
        out: dict[str, float] = {}
        if self.pitch:
            out |= {"vocal_within_50": self.pitch.within_50, "vocal_voiced": self.pitch.voiced}
        if self.presence and self.presence.word_error_rate is not None:
            out["vocal_wer"] = self.presence.word_error_rate
        if self.presence and self.presence.chorus_vocal_minus_instrumental_lu is not None:
            out["vocal_chorus_lu"] = self.presence.chorus_vocal_minus_instrumental_lu
        return out

    def not_measured(self, check_name: str) -> dg.AssetCheckResult:
        """Nothing of ours to measure: an instrumental (a warning), or a remote provider's singer."""
        return dg.AssetCheckResult(
            check_name=check_name,
            passed=self.vocals == "provider",
            severity=dg.AssetCheckSeverity.WARN,
            description=f"not measured: vocals {self.vocals}" + (f" ({self.note})" if self.note else ""),
        )

    def presence_check(self) -> dg.AssetCheckResult:
        if self.presence is None:
            return self.not_measured("vocal_presence")
        p = self.presence
        lu = p.chorus_vocal_minus_instrumental_lu
        return dg.AssetCheckResult(
            check_name="vocal_presence",
            passed=p.passed,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "notes_voiced": p.voiced,
                "chorus_vocal_minus_instrumental_lu": lu if lu is not None else "no sung chorus",
                "word_error_rate": p.word_error_rate if p.word_error_rate is not None else "not measured",
                "lines_recognised": f"{p.lines} of {p.of_lines} distinct lines",
            },
        )

    def pitch_check(self) -> dg.AssetCheckResult:
        if self.pitch is None:
            return self.not_measured("vocal_on_pitch")
        p = self.pitch
        return dg.AssetCheckResult(
            check_name="vocal_on_pitch",
            passed=p.passed,
            metadata={
                "median_abs_cents": p.median_abs_cents,
                "notes_within_50_cents": p.within_50,
                "notes_voiced": p.voiced,
                "notes": p.notes,
            },
        )


@dataclass
class Listening:
    """The vocal stem's two long measurements, under way in processes of their own when a core is
    spare (lib/background.py): pYIN against the score (~8 s of a core) and the recogniser (~7 s;
    pocketsphinx holds Python's lock), while the track's other measurements go on. The recogniser
    looks for a spare core once more when the results are awaited (InChild.start_if_spare)."""

    pitch: InChild[PitchReport]
    heard: InChild[Heard]


def start_listening(composed: ComposedTrack, warn: Callable[[str], None]) -> Listening | None:
    """Start measuring the vocal stem; None when nothing is sung."""
    if composed.score is None or not composed.score.notes or "vocal" not in composed.stems:
        return None
    return _listen(composed.stems["vocal"], composed.score, warn)


def _listen(stem: str, score: VocalScore, warn: Callable[[str], None]) -> Listening:
    from ai_artist_dagster.domain.vocals.intelligibility import hear
    from ai_artist_dagster.domain.vocals.measure import pitch_of_file

    # One look for both: the first child's start would make the core look busy to the second.
    child = spare_core()
    return Listening(
        pitch=InChild(pitch_of_file, stem, score, what="the pitch measurement", warn=warn, child=child),
        heard=InChild(hear, stem, score, what="the recogniser", warn=warn, child=child),
    )


def sung_files(
    folder: Path,
    composed: ComposedTrack,
    title: str,
    artist: str,
    length_s: float,
    listening: Listening | None = None,
) -> SungFiles:
    """Write the score and synced lyrics beside the track and measure the vocal stem (pitch against
    the score and the word error rate, from ``listening`` when started, and presence against the
    instrumental), when there are any."""
    from ai_artist_dagster.domain.vocals.synced import enhanced_lrc, srt

    out = SungFiles(vocals=composed.vocals, note=composed.vocals_note)
    score = composed.score
    if score is None or not score.notes:
        return out
    out.paths = {
        "score_path": str(atomic_write_text(folder / "score.json", score.model_dump_json(indent=1))),
    }
    if composed.vocals != "none":
        out.paths["lrc_path"] = str(
            atomic_write_text(folder / "lyrics.lrc", enhanced_lrc(score, title, artist, length_s))
        )
        out.paths["srt_path"] = str(atomic_write_text(folder / "lyrics.srt", srt(score)))
    if "vocal" in composed.stems:
        from ai_artist_dagster.domain.audio_analysis import read_audio
        from ai_artist_dagster.domain.vocals.measure import presence_report

        listening = listening or _listen(composed.stems["vocal"], score, logging.getLogger(__name__).warning)
        # A core may have come free since listening started (the day's other worker is done): the
        # recogniser then runs there while pYIN runs here.
        listening.heard.start_if_spare()
        stem, sr = read_audio(Path(composed.stems["vocal"]))
        out.pitch = listening.pitch.result()
        band, _ = read_audio(Path(composed.stems["instrumental"]))
        choruses = [(s.start_s, s.end_s) for s in composed.sections if s.kind == "chorus"]
        heard = listening.heard.result()
        out.presence = presence_report(stem, band, sr, score, choruses, out.pitch.voiced, heard)
    notes = [(n.onset_s, n.duration_s, n.midi) for n in score.notes]
    roll = piano_roll_png(notes, f"vocal melody: {artist} — {title}", out.pitch.track if out.pitch else None)
    first = score.notes[: min(12, len(score.notes))]
    out.metadata = {
        "vocal_melody": dg.MetadataValue.md(markdown_image(roll, "piano roll: score (bars), sung pitch (dots)")),
        "vocal_notes": len(score.notes),
        "vocal_range": f"MIDI {min(n.midi for n in score.notes)}–{max(n.midi for n in score.notes)}",
        "score_opening": dg.MetadataValue.md(
            markdown.table(
                ["s", "beats", "MIDI", "word", "syllable"],
                [
                    (f"{n.onset_s:.2f}", f"{n.duration_s * score.tempo_bpm / 60:.2f}", n.midi, n.word, n.syllable)
                    for n in first
                ],
            )
        ),
        **({"vocal_pitch_median_cents": out.pitch.median_abs_cents} if out.pitch else {}),
        **(
            {"vocal_word_error_rate": out.presence.word_error_rate}
            if out.presence and out.presence.word_error_rate is not None
            else {}
        ),
        **{f"stem_{role}": dg.MetadataValue.path(path) for role, path in composed.stems.items()},
        **{name: dg.MetadataValue.path(path) for name, path in out.paths.items()},
    }
    return out
