"""Failed runs of the Dagster instance, for the shell's read-only commands (`status`, `errors`).

Importing Dagster costs ~2 s of CPU; a status command should answer in well under one. A local
instance keeps its runs in SQLite (`$DAGSTER_HOME/history/runs.db`), read here directly and
read-only; an instance configured with other storage (PostgreSQL) is asked through Dagster.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

FAILED_SQL = """SELECT r.run_id, r.pipeline_name,
                       (SELECT t.value FROM run_tags t WHERE t.run_id = r.run_id AND t.key = 'dagster/partition')
                FROM runs r WHERE r.status = 'FAILURE' ORDER BY r.id DESC LIMIT ?"""


def _local_storage(home: Path) -> bool:
    """The instance keeps the default SQLite storage (its dagster.yaml configures no other)."""
    config = home / "dagster.yaml"
    text = config.read_text() if config.exists() else ""
    return not re.search(r"^(storage|run_storage):", text, re.MULTILINE)


def failed_runs(home: Path, limit: int = 10) -> list[str]:
    """The latest failed runs as "<run id's first 8> <job> <partition>" (empty without an instance)."""
    if not (home / "dagster.yaml").exists():
        return []
    if _local_storage(home):
        db = home / "history" / "runs.db"
        if not db.exists():
            return []
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
        try:
            rows = con.execute(FAILED_SQL, [limit]).fetchall()
        finally:
            con.close()
        return [f"{run_id[:8]} {job} {partition or ''}" for run_id, job, partition in rows]
    import dagster as dg  # only for storage this module cannot read itself

    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.FAILURE]), limit=limit)
        return [f"{r.run_id[:8]} {r.job_name} {r.tags.get('dagster/partition', '')}" for r in runs]
