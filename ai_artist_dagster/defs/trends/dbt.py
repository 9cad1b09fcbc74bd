"""The dbt_trends project (dbt-duckdb) as Dagster assets: staging, intermediate and mart models of
trait momentum, with their dbt tests as asset checks. Builds into the warehouse inside the
`duckdb_write` pool.

The assets are read from dbt's manifest.json (lib/dbt_manifest.py) and dbt runs as a subprocess
(lib/dbt_project.py), so the code location never imports dbt-core (loading it took 2 s of a 3.6 s
code-location load).
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import dagster as dg

from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib import lake
from ai_artist_dagster.lib.dbt_manifest import DbtManifest
from ai_artist_dagster.lib.dbt_project import DBT_ENV, dbt_command, load_manifest, local_target
from ai_artist_dagster.lib.paths import DBT_PROJECT_DIR
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.warehouse import Warehouse


def asset_specs(manifest: DbtManifest) -> tuple[list[dg.AssetSpec], list[dg.AssetCheckSpec]]:
    """One asset per model (key = model name; sources are the assets their meta names) and one
    check per dbt test on the model it tests."""
    specs = [
        dg.AssetSpec(
            key=model.name,
            description=model.description or None,
            deps=[dg.AssetKey(m) for m in model.upstream_models] + [dg.AssetKey(a) for a in model.upstream_assets],
            kinds={"dbt", "duckdb"},
            metadata={
                "dbt/unique_id": model.unique_id,
                "dbt/materialized": model.materialized,
                "dagster/table_name": model.relation,
                "dagster/column_schema": dg.TableSchema(
                    columns=[dg.TableColumn(name, "", description=text or None) for name, text in model.columns.items()]
                ),
                "sql": dg.MetadataValue.path(str(DBT_PROJECT_DIR / model.path)),
            },
        )
        for model in manifest.models
    ]
    checks = [
        dg.AssetCheckSpec(test.name, asset=test.model, description=test.description or f"dbt test {test.name}")
        for test in manifest.tests
    ]
    return specs, checks


class DbtBuildError(Exception):
    pass


def build(project_dir: Path, select: list[str], warehouse: Warehouse, log: dg.DagsterLogManager) -> list[dict]:
    """`dbt build --select <models>` into the warehouse (target `local`, the DuckDB file, or `lake`);
    returns dbt's run results. dbt's log lines go to the run's debug log; a failure raises with dbt's
    message."""
    if warehouse.lake is None:
        target, (cwd, env) = [], local_target(warehouse.path)
    else:
        target, cwd, env = ["--target", "lake"], None, lake.dbt_env(warehouse.lake)
    with tempfile.TemporaryDirectory(prefix="dbt-target-") as target_dir:
        parsed = project_dir / "target" / "partial_parse.msgpack"
        if parsed.exists():  # lets dbt skip a full re-parse
            shutil.copy(parsed, Path(target_dir) / parsed.name)
        command = dbt_command(
            project_dir,
            "--log-format", "json", "build", "--select", *select,
            *target, target_path=Path(target_dir),
        )  # fmt: skip
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=cwd,
            env=os.environ | DBT_ENV | env,
        )
        assert proc.stdout is not None
        tail: list[str] = []
        for line in proc.stdout:
            try:
                message = json.loads(line).get("info", {}).get("msg", "")
            except json.JSONDecodeError:
                message = line.strip()
            if message:
                log.debug(message)
                tail = [*tail, message][-12:]
        proc.wait()
        results_path = Path(target_dir) / "run_results.json"
        if not results_path.exists():
            raise DbtBuildError(f"dbt build did not run (exit {proc.returncode}): " + " | ".join(tail))
        return json.loads(results_path.read_text())["results"]


MANIFEST_DATA = load_manifest()
SPECS, CHECKS = asset_specs(MANIFEST_DATA)
MODEL_OF = {m.unique_id: m.name for m in MANIFEST_DATA.models}
TEST_OF = {t.unique_id: t for t in MANIFEST_DATA.tests}


@dg.multi_asset(name="dbt_trends", specs=SPECS, check_specs=CHECKS, pool=DUCKDB_WRITE, can_subset=True)
def dbt_trends(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """dbt build of dbt_trends: stg_* views, int_chart_traits and the trait_momentum mart, with
    their dbt tests as asset checks."""
    selected = sorted(key.path[-1] for key in context.selected_asset_keys)
    checks = context.selected_asset_check_keys
    results = build(DBT_PROJECT_DIR, selected, warehouse.get(), context.log)
    counts: dict[str, int] = {}
    failed = []
    for result in results:
        uid, status = result["unique_id"], result["status"]
        counts[status] = counts.get(status, 0) + 1
        meta = {"dbt status": status, "seconds": round(float(result.get("execution_time") or 0), 3)}
        if uid in MODEL_OF and status == "success":
            rows = (result.get("adapter_response") or {}).get("rows_affected")
            yield dg.MaterializeResult(
                asset_key=MODEL_OF[uid], metadata=meta | ({"rows": rows} if rows is not None else {})
            )
        elif uid in MODEL_OF:
            failed.append(f"{MODEL_OF[uid]} {status}: {result.get('message') or 'an upstream model or test failed'}")
        elif uid in TEST_OF and dg.AssetCheckKey(dg.AssetKey(TEST_OF[uid].model), TEST_OF[uid].name) in checks:
            test = TEST_OF[uid]
            yield dg.AssetCheckResult(
                asset_key=test.model,
                check_name=test.name,
                passed=status == "pass",
                severity=dg.AssetCheckSeverity.WARN if status == "warn" else dg.AssetCheckSeverity.ERROR,
                metadata=meta
                | {"failing rows": int(result.get("failures") or 0), "message": str(result.get("message") or "")},
            )
    context.log.info("dbt build: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    if failed:
        raise dg.Failure(
            description="dbt build failed: " + "; ".join(failed),
            metadata={
                "what to do": "run `dbt build` in dbt_trends/ to see the model's error; fix the SQL or its input"
            },
        )


@dg.definitions
def dbt_definitions() -> dg.Definitions:
    return dg.Definitions(assets=[dbt_trends])
