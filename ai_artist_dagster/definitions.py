"""The code location: everything under defs/, one folder per domain, and one global policy."""

import warnings
from pathlib import Path

import dagster as dg

# The folders' defs.yaml post-processing makes Dagster rebuild asset checks through a beta parameter of
# its own (nothing here uses it); the warning it printed on every load said nothing to act on.
warnings.filterwarnings("ignore", message="Parameter `execution_type`", category=dg.BetaWarning)


@dg.definitions
def defs() -> dg.Definitions:
    # Every job's steps are small and run one after another (lyrics → track → video → …; charts → dbt →
    # trends → roster): they execute in the run's own process. Dagster's default, the multiprocess
    # executor, starts a process per step that reloads the whole project, which made a day launched
    # through the daemon ~8× slower than `ai-artist run` (docs/benchmarks.md).
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
        dg.Definitions(executor=dg.in_process_executor),
    )
