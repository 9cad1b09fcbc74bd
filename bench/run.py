"""Every benchmark of the project on this machine; rewrites docs/benchmarks.md.

Each figure is compared with its reference measured in the same run:
- media (bench/media.py): composer speed; analysis cold (fresh process, bar 3 s, vs librosa) and
  warm; teaser render (× realtime, bar 2×) vs ffmpeg encoding the same frames alone (bar 1.3×);
  one artist-day vs its essential media compute;
- code location: Definitions load in a fresh process, bar 1.5 s;
- daemon (bench/daemon.py): a day's jobs launched through the daemon vs the same jobs in `ai-artist run`, bar 1.3×;
- writer (bench/llm_tokens.py): tokens per release, router overhead;
- lyrics (bench/writer.py): the offline writer's openings, rhyme, meter, chart words and catalogue variety;
- review (bench/review.py): the Telegram sensor on 1,000 pending updates, bar 2 s;
- analytics (bench/analytics.py): the evolution and metrics queries over 10 M arm assignments,
  bar 1 s each, vs the same work in pandas;
- workers (bench/workers.py): a day on the deployment's storage with one worker and with two.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


NOTES = """
How overhead is counted: *essential compute* of a piece is the work on its media that no
orchestration can avoid, timed in the same run outside Dagster on a 2-minute song and scaled to the
length of the songs the day made: the sung song (melody, voice, instruments, mix, stems), its audio
analysis and MP3, the measurements its checks and critic rest on (pYIN against the score, the
recogniser on its sample of lines, the arrangement's loudness and sameness), and the teaser render
(15 s whatever the song; the recogniser's sample is capped too, so both count once a piece). What a
run adds beyond that — Dagster, the warehouse, imports, plots, packaging — is the overhead. The one
artist-day row also pays the day's fixed work once (7 days of charts, dbt, the trend report, the
cost report), so its ratio over-states the per-artist overhead of a day with many artists; the
10-artist rows divide the same fixed work among more pieces.

Essential compute is timed in a fresh process pinned to one core, one part after another: its
FluidSynth threads and ffmpeg's encoder threads then share that core (and no spare-core child
starts), so the figure is the piece's work, not how much of it a second core can take over (until
2026-12-03 the parts were timed unpinned, and a second core took a sixth of them off the clock:
38.4 s pinned against 33.1 s unpinned for the bench song's parts, one run). A run uses a spare core
where one is (lib/background.py: the voice sings while the band renders, pYIN and the recogniser
listen while the rest is measured), so a one-artist day on two cores can take less wall time than
its essential compute plus overhead would; a day whose workers keep every core busy does that work
in place. The 10-artist row also gives how this machine runs its cores at once: the bench song made
in one process pinned to one core, then in one process per core at the same time (1.00 would be
perfect; the cores here are shared virtual ones), and the day's ratio against that capacity.

The workers rows run on the deployment's storage (deploy/dagster.lake.yaml): every write is a
DuckLake commit to PostgreSQL and every media file goes to S3 and back (a moto server in the same
machine), as in ai_artist_dagster_tests/test_multi_worker.py. The CLI and its workers are pinned to
as many cores as there are workers (one worker: one core, and no spare-core children);
PostgreSQL and the S3 server are not pinned.

The daemon rows compare a job's run time launched through the daemon with the same job inside
`ai-artist run`. There the content run goes to a worker that loaded the definitions and what a piece
needs (composer, matplotlib, librosa's compiled functions) while the day's first jobs ran; a run the
daemon launches is a fresh process that loads them itself, which shows most on a busy machine.
"""


def load_rows() -> list[tuple[str, str, str, str]]:
    from bench.media import fresh_process

    t_load = fresh_process("from ai_artist_dagster.definitions import defs; defs()")
    return [("code location load (Definitions, dbt manifest)", f"{t_load:.2f} s", "bar ≤ 1.5 s", "—")]


def sections() -> dict:
    from bench.analytics import run as analytics_rows
    from bench.daemon import run as daemon_rows
    from bench.fingerprint import run as gate_rows
    from bench.llm_tokens import run as llm_rows
    from bench.media import run as media_rows
    from bench.review import run as review_rows
    from bench.workers import run as workers_rows
    from bench.writer import run as writer_rows

    return {
        "media": media_rows,
        "load": load_rows,
        "daemon": daemon_rows,
        "llm": llm_rows,
        "writer": writer_rows,
        "review": review_rows,
        "analytics": analytics_rows,
        "workers": workers_rows,
        "gate": gate_rows,
    }


def main() -> None:
    """Every section (`make bench`), or only those named (`python bench/run.py workers load`): then
    their rows replace the rows of the same name in docs/benchmarks.md and the rest is kept."""
    chosen = sys.argv[1:]
    available = sections()
    if unknown := set(chosen) - set(available):
        raise SystemExit(f"unknown sections {sorted(unknown)}; choose from {sorted(available)}")
    rows = [row for name, section in available.items() if not chosen or name in chosen for row in section()]
    path = ROOT / "docs" / "benchmarks.md"
    stamp = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    machine = f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    if chosen and path.exists():
        lines = path.read_text().splitlines()
        fresh = {r[0]: r for r in rows}
        kept = [line for line in lines if not (line.startswith("| ") and line[2:].split(" | ")[0] in fresh)]
        kept.insert(
            next(i for i, line in enumerate(kept) if line.startswith("- machine:")) + 1,
            f"- {stamp}: rows of {', '.join(chosen)} measured again (compare them with each other only)",
        )
        table_end = max(i for i, line in enumerate(kept) if line.startswith("| ")) + 1
        kept[table_end:table_end] = [f"| {' | '.join(r)} |" for r in rows]
        text = "\n".join(kept[: table_end + len(rows)]) + "\n" + NOTES  # the notes as the code has them now
    else:
        table = "| what | measured | figure | reference (same run) |\n|---|---|---|---|\n" + "\n".join(
            f"| {' | '.join(r)} |" for r in rows
        )
        text = (
            "# Benchmarks\n\nWritten by `make bench` (bench/run.py). Numbers are from one run on the machine below; "
            "compare rows only within one run. Fresh-process figures assume the bytecode `make setup` precompiles.\n\n"
            f"- date: {stamp}\n- machine: {machine}\n\n{table}\n{NOTES}"
        )
    path.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
