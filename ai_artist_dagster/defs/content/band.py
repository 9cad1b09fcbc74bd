"""What the tracks asset keeps of the band: the arrangement as a MIDI file beside the track and a
picture of what plays where (the parts coloured, the sections marked)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import dagster as dg

from ai_artist_dagster.lib.files import replacing
from ai_artist_dagster.lib.plots import arrangement_png, markdown_image

if TYPE_CHECKING:
    from ai_artist_dagster.providers.music import ComposedTrack


def band_files(folder: Path, composed: ComposedTrack, title: str) -> tuple[dict[str, str], dict[str, Any]]:
    """(paths for TrackInfo, metadata) — nothing when the provider did not say what its band played."""
    from ai_artist_dagster.domain.composer.midi import song_to_smf

    if not composed.parts:
        return {}, {}
    midi = folder / "arrangement.mid"
    with replacing(midi) as tmp:
        tmp.write_bytes(song_to_smf(composed.parts, composed.tempo_bpm))
    notes: dict[str, list[tuple[float, float, int]]] = {
        p.role: [(n.at_s, n.dur_s, n.midi) for n in p.notes] for p in composed.parts
    }
    picture = arrangement_png(notes, [(s.label, s.start_s) for s in composed.sections], f"the band: {title}")
    counts = ", ".join(f"{p.role} {len(p.notes)}" for p in composed.parts)
    return {"midi_path": str(midi)}, {
        "arrangement": dg.MetadataValue.md(markdown_image(picture, "what each part plays, by section")),
        "band_notes": counts,
        "instrument_programs": ", ".join(f"{p.role} {p.program}" for p in composed.parts),
        "midi": dg.MetadataValue.path(str(midi)),
    }
