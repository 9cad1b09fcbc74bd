"""Running the dbt project (dbt_trends) as a subprocess, so no process that loads the definitions
imports dbt-core.

dbt re-parses the whole project (its 500 macros: ~4 s) unless the state it saved at its last parse
matches the connection it is given now — and the DuckDB file's path is part of that. So the local
target always sees the same path, the file's name, with the file's folder as dbt's working
directory: the manifest `make setup` parses (``python -m ai_artist_dagster.lib.dbt_project``) then
serves every data directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ai_artist_dagster.lib.dbt_manifest import DbtManifest, read_manifest
from ai_artist_dagster.lib.paths import DBT_PROJECT_DIR, WAREHOUSE_FILE

DBT_ENV = {"DO_NOT_TRACK": "1", "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


def local_target(warehouse_file: Path) -> tuple[Path, dict[str, str]]:
    """The working directory and environment for a dbt command on the DuckDB file ``warehouse_file``
    (profiles.yml reads its path from AI_ARTIST_WAREHOUSE_PATH, relative to the working directory)."""
    return warehouse_file.resolve().parent, {"AI_ARTIST_WAREHOUSE_PATH": warehouse_file.name}


def dbt_executable() -> str:
    """The dbt beside this interpreter, so nothing depends on an activated virtualenv; PATH only as a fallback."""
    local = Path(sys.executable).parent / "dbt"
    return str(local) if local.exists() else (shutil.which("dbt") or "dbt")


def dbt_command(project_dir: Path, *args: str, target_path: Path | None = None) -> list[str]:
    target = ["--target-path", str(target_path)] if target_path else []
    return [dbt_executable(), *args, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir), *target]


def parse_project(project_dir: Path = DBT_PROJECT_DIR) -> Path:
    """`dbt parse`: (re)writes target/manifest.json and the partial-parse state the builds start from.
    Raises with dbt's own words when it fails."""
    cwd, env = local_target(Path(WAREHOUSE_FILE).resolve())
    done = subprocess.run(
        dbt_command(project_dir, "parse", "--quiet"),
        capture_output=True,
        text=True,
        cwd=cwd,
        env=os.environ | DBT_ENV | env,
    )
    manifest = project_dir / "target" / "manifest.json"
    if done.returncode or not manifest.exists():
        raise RuntimeError(
            f"dbt parse failed in {project_dir} (exit {done.returncode}): {done.stdout[-1500:]}{done.stderr[-500:]}"
        )
    return manifest


SOURCES = (".sql", ".yml", ".yaml", ".csv", ".md")
GENERATED = {"target", "dbt_packages", "logs"}


def edited_since_parse(project_dir: Path, manifest: Path) -> bool:
    """A model, test, macro or setting of the project changed after the manifest was written."""
    parsed = manifest.stat().st_mtime_ns
    return any(
        path.suffix in SOURCES and path.stat().st_mtime_ns > parsed
        for path in project_dir.rglob("*")
        if not GENERATED.intersection(path.relative_to(project_dir).parts)
    )


def load_manifest(project_dir: Path = DBT_PROJECT_DIR) -> DbtManifest:
    """The project's manifest, parsed first when a fresh clone has none (a few seconds, once) or, under
    `dagster dev`/`dg`, when a model was edited since the last parse (so it shows). `dg check defs` and
    `dg list defs` set DAGSTER_IS_DEV_CLI too: an unconditional parse cost them ~4 s of dbt each."""
    manifest = project_dir / "target" / "manifest.json"
    if not manifest.exists() or (os.environ.get("DAGSTER_IS_DEV_CLI") and edited_since_parse(project_dir, manifest)):
        parse_project(project_dir)
    return read_manifest(manifest)


if __name__ == "__main__":
    print(parse_project())
