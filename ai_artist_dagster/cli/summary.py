"""Rich tables that summarise what a cycle made and where."""

from __future__ import annotations

from rich.table import Table

from ai_artist_dagster.cli.cycle import CycleResult
from ai_artist_dagster.cli.safe import cell
from ai_artist_dagster.lib import paths, warehouse


def cycle_table(result: CycleResult) -> Table:
    wh = warehouse.configured()
    rows = wh.query(
        """SELECT a.name, l.title, t.duration_s, t.tempo_bpm, t.measured_tempo_bpm, t.integrated_lufs,
                  r.score, ps.decision, rel.release_id, rel.path AS release_path, v.path AS video_path,
                  coalesce(rel.release_date, s.release_on) AS release_on
           FROM roster_schedule s JOIN artists a USING (artist_id)
           LEFT JOIN lyrics l ON l.date = s.date AND l.artist_id = s.artist_id
           LEFT JOIN tracks t ON t.piece_id = l.piece_id
           LEFT JOIN videos v ON v.piece_id = l.piece_id
           LEFT JOIN reflections r ON r.piece_id = l.piece_id
           LEFT JOIN piece_status ps ON ps.piece_id = l.piece_id
           LEFT JOIN releases rel ON rel.piece_id = l.piece_id
           WHERE s.date = ? ORDER BY s.slot""",
        [result.date],
    )
    table = Table(title=f"Daily cycle {result.date} — data in {paths.data_dir()}")
    for column in ("artist", "song", "length", "bpm (measured)", "LUFS", "critic", "review", "release date"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            cell(r["name"]),
            cell(r["title"] or "-"),
            f"{r['duration_s']:.0f} s" if r["duration_s"] else "-",
            f"{r['tempo_bpm']:.0f} ({r['measured_tempo_bpm']:.1f})" if r["tempo_bpm"] else "-",
            f"{r['integrated_lufs']:.1f}" if r["integrated_lufs"] is not None else "-",
            f"{r['score']:.1f}/10" if r["score"] is not None else "-",
            r["decision"] or "-",
            (str(r["release_on"]) if r["release_id"] else f"({r['release_on']})") if r["release_on"] else "-",
        )
    return table


def waiting_for_review(result: CycleResult) -> str | None:
    """One line naming the day's pieces that wait for a reviewer (their artists are not on autopilot)."""
    rows = warehouse.configured().query(
        """SELECT ps.piece_id FROM piece_status ps JOIN artists a USING (artist_id)
           WHERE ps.date = ? AND ps.decision = 'pending' AND NOT a.autopilot ORDER BY 1""",
        [result.date],
    )
    if not rows:
        return None
    return (
        f"{len(rows)} piece(s) wait for a reviewer (their artists are not on autopilot): "
        + ", ".join(r["piece_id"] for r in rows)
        + " — `ai-artist review list`; `ai-artist autopilot <artist> on` approves an artist's pieces at once."
    )


def next_pieces(limit: int = 5) -> list[str]:
    """When each artist's calendar next makes a piece (for a day on which none did)."""
    from ai_artist_dagster.cli.publishing import calendar_rules
    from ai_artist_dagster.defs.artists.calendar import next_pieces as upcoming

    return upcoming(warehouse.configured(), calendar_rules(), limit)


def cycle_files(result: CycleResult) -> list[str]:
    """Where the outputs of the cycle are, one line each."""
    wh = warehouse.configured()
    lines = [
        f"warehouse        {wh.location}",
        f"dagster instance {paths.dagster_home()}  (browse it: make dev, or dg dev)",
    ]
    for r in wh.query(
        """SELECT l.piece_id, t.mp3_path, v.path AS video, rel.path AS release, d.remote_path AS delivered, d.target,
                  t.info->>'vocals' AS vocals, t.info->>'lrc_path' AS lrc, t.params->>'vocals_note' AS vocals_note,
                  t.info->>'instruments' AS instruments, t.params->>'instruments_note' AS instruments_note
           FROM lyrics l
           LEFT JOIN tracks t USING (piece_id) LEFT JOIN videos v USING (piece_id) LEFT JOIN releases rel USING (piece_id)
           LEFT JOIN deliveries d ON d.release_id = rel.release_id AND d.status = 'delivered'
           WHERE l.date = ? ORDER BY l.piece_id""",
        [result.date],
    ):
        lines += [
            f"{r['piece_id']}:",
            f"  track    {r['mp3_path']}",
            f"  vocals   {_vocals(r)}",
            f"  band     {_band(r)}",
            f"  video    {r['video']}",
            f"  release  {r['release'] or '-'}",
            f"  delivered {r['delivered'] or '-'}" + (" (sftp)" if (r["target"] or "").startswith("sftp") else ""),
        ]
    return lines


def _band(row: dict) -> str:
    """Who played the instruments, and why not the configured renderer when it did not."""
    names = {
        "fluidsynth": "General MIDI SoundFont (FluidSynth)",
        "synth": "built-in synths",
        "provider": "the music provider",
    }
    played = names.get(row["instruments"] or "", row["instruments"] or "-")
    return f"{played} — {row['instruments_note']}" if row["instruments_note"] else played


def _vocals(row: dict) -> str:
    """Who sings, and where the synced lyrics are; for an instrumental, why."""
    if row["vocals"] in (None, "none"):
        return f"none — {row['vocals_note']}" if row["vocals_note"] else "none (instrumental)"
    if row["vocals"] == "provider":
        return "sung by the music provider"
    return f"sung ({row['vocals']}); word-timed lyrics {row['lrc']}" if row["lrc"] else f"sung ({row['vocals']})"
