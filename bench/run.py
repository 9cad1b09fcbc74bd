"""Every benchmark of the project on this machine; rewrites docs/benchmarks.md.

Each figure is compared with its reference measured in the same run:
- media (bench/media.py): composer speed; analysis cold (fresh process, bar 3 s, vs librosa) and
  warm; teaser render (× realtime, bar 2×) vs ffmpeg encoding the same frames alone (bar 1.3×);
  one artist-day vs its essential media compute;
- code location: Definitions load in a fresh process, bar 3 s;
- daemon (bench/daemon.py): a day's jobs launched through the daemon vs the same jobs in `ai-artist run`, bar 1.3×;
- writer (bench/llm_tokens.py): tokens per release, router overhead;
- lyrics (bench/writer.py): the offline writer's openings, rhyme, meter, chart words and catalogue variety;
- review (bench/review.py): the Telegram sensor on 1,000 pending updates, bar 2 s;
- analytics (bench/analytics.py): the evolution and metrics queries over 10 M arm assignments,
  bar 1 s each, vs the same work in pandas.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from bench.analytics import run as analytics_rows
    from bench.daemon import run as daemon_rows
    from bench.llm_tokens import run as llm_rows
    from bench.media import fresh_process
    from bench.media import run as media_rows
    from bench.review import run as review_rows
    from bench.writer import run as writer_rows

    rows = media_rows()
    t_load = fresh_process("from ai_artist_dagster.definitions import defs; defs()")
    rows.append(("code location load (Definitions, dbt manifest)", f"{t_load:.2f} s", "bar ≤ 3 s", "—"))
    rows += daemon_rows()
    rows += llm_rows()
    rows += writer_rows()
    rows += review_rows()
    rows += analytics_rows()
    table = "| what | measured | figure | reference (same run) |\n|---|---|---|---|\n" + "\n".join(
        f"| {' | '.join(r)} |" for r in rows
    )
    machine = f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    text = (
        "# Benchmarks\n\nWritten by `make bench` (bench/run.py). Numbers are from one run on the machine below; "
        "compare rows only within one run. Fresh-process figures assume the bytecode `make setup` precompiles.\n\n"
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n- machine: {machine}\n\n{table}\n"
    )
    (ROOT / "docs" / "benchmarks.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
