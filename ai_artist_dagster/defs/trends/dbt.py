"""The dbt_trends project (dbt-duckdb) as Dagster assets: staging, intermediate and mart models of
trait momentum, with their dbt tests as asset checks. Builds into the warehouse inside the
`duckdb_write` pool."""

import contextlib
import io
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.dbt_project import DagsterDbtProjectPreparer

from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib.paths import DBT_PROJECT_DIR
from ai_artist_dagster.lib.pools import DUCKDB_WRITE

os.environ.setdefault("DO_NOT_TRACK", "1")


def dbt_executable() -> str:
    """The dbt beside this interpreter, so nothing depends on an activated virtualenv; PATH only as a fallback."""
    local = Path(sys.executable).parent / "dbt"
    return str(local) if local.exists() else (shutil.which("dbt") or "dbt")


class LocalDbtPreparer(DagsterDbtProjectPreparer):
    """dagster-dbt's preparer, but running the dbt found by `dbt_executable` (its own looks on PATH only)."""

    def _prepare_manifest(self, project: DbtProject) -> None:
        cli = DbtCliResource(project_dir=project, dbt_executable=dbt_executable())
        cli.cli(["parse", "--quiet"], target_path=project.target_path).wait()


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
preparer = LocalDbtPreparer()
preparer.prepare_if_dev(dbt_project)
if not dbt_project.manifest_path.exists():
    # A fresh clone outside `dagster dev`: parse once so the manifest exists (a few seconds, once).
    preparer.prepare(dbt_project)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    pool=DUCKDB_WRITE,
)
def dbt_trends(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    """dbt build of dbt_trends: stg_* views, int_chart_traits and the trait_momentum mart."""
    # profiles.yml reads the warehouse path from this var: the resource decides, no environment is touched.
    invocation = dbt.cli(
        ["build", "--vars", json.dumps({"warehouse_path": str(warehouse.get().path)})], context=context
    )
    # dagster-dbt echoes every dbt event to stdout; they go to this run's debug log instead, and the
    # info log (and the console) gets one summary line.
    results: dict[str, int] = {}
    with contextlib.redirect_stdout(_LogLines(context.log.debug)):
        for event in invocation.stream():
            if isinstance(event, dg.Output | dg.AssetMaterialization):
                results["built"] = results.get("built", 0) + 1
            elif isinstance(event, dg.AssetCheckResult):
                key = "tests passed" if event.passed else "tests failed"
                results[key] = results.get(key, 0) + 1
            yield event
    context.log.info("dbt build: " + ", ".join(f"{n} {what}" for what, n in results.items()))


class _LogLines(io.TextIOBase):
    """A text stream whose complete lines go to ``log``."""

    def __init__(self, log: Callable[[str], None]) -> None:
        self.log, self.pending = log, ""

    def write(self, text: str) -> int:
        *lines, self.pending = (self.pending + text).split("\n")
        for line in lines:
            if line.strip():
                self.log(line)
        return len(text)


@dg.definitions
def dbt_definitions() -> dg.Definitions:
    return dg.Definitions(
        assets=[dbt_trends],
        resources={"dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())},
    )
