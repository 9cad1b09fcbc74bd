"""The ways in that the README documents work as a newcomer runs them: without an activated
virtualenv (only the interpreter's own bin folder, never PATH, finds dbt), under `dagster dev` / `dg`,
and with partitions that exist only where the configured chart source has data."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ai_artist_dagster.lib.paths import DBT_PROJECT_DIR, PROJECT_ROOT

pytestmark = pytest.mark.slow  # full runs, subprocesses or servers: `make test` runs them, `make test-fast` not

BIN = Path(sys.executable).parent


def bare_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment like a fresh shell's: no virtualenv on PATH, no project variables."""
    return {
        "HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "DO_NOT_TRACK": "1",
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
        "AI_ARTIST_DATA_DIR": str(tmp_path / "data"),
        **extra,
    }


def test_definitions_load_under_dagster_dev_without_the_venv_on_path(tmp_path):
    # `dagster dev` / `dg dev` set DAGSTER_IS_DEV_CLI, which makes the dbt project re-parse at load.
    assert shutil.which("dbt", path="/usr/bin:/bin") is None
    code = "from ai_artist_dagster.definitions import defs; print(len(list(defs().resolve_asset_graph().get_all_asset_keys())))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=bare_env(tmp_path, DAGSTER_IS_DEV_CLI="1"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip().splitlines()[-1]) >= 20


def test_a_missing_manifest_is_made_with_the_dbt_beside_the_interpreter(tmp_path, monkeypatch):
    from ai_artist_dagster.defs.trends.dbt import asset_specs
    from ai_artist_dagster.lib.dbt_project import load_manifest

    project_dir = tmp_path / "dbt_trends"
    shutil.copytree(DBT_PROJECT_DIR, project_dir, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    manifest = load_manifest(project_dir)
    assert (project_dir / "target" / "manifest.json").exists()
    specs, checks = asset_specs(manifest)
    keys = {spec.key.path[-1]: spec for spec in specs}
    assert set(keys) == {"stg_chart_entries", "stg_audio_features", "int_chart_traits", "trait_momentum"}
    assert {d.asset_key.path[-1] for d in keys["stg_chart_entries"].deps} == {"chart_entries"}  # the source's asset
    assert {d.asset_key.path[-1] for d in keys["trait_momentum"].deps} == {"int_chart_traits"}
    assert "assert_trait_shares_sum_to_one" in {c.name for c in checks if c.asset_key.path[-1] == "trait_momentum"}


def test_the_code_location_does_not_import_dbt():
    """dbt runs as a subprocess: loading the definitions imports neither dbt-core nor pandas (2.4 s)."""
    code = (
        "import sys; from ai_artist_dagster.definitions import defs; defs(); "
        "print(sorted(m for m in ('dbt', 'dagster_dbt', 'pandas') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.skipif(not (BIN / "dg").exists(), reason="dg is installed with the project (dagster-dg-cli)")
def test_dg_check_defs_passes_from_a_bare_shell(tmp_path):
    done = subprocess.run(
        [str(BIN / "dg"), "check", "defs"],
        env=bare_env(tmp_path),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-2000:]
    assert "All definitions loaded successfully" in done.stdout + done.stderr
    assert "virtual environment does not match" not in done.stdout + done.stderr


def test_partitions_end_where_the_configured_source_has_charts():
    import datetime as dt

    from ai_artist_dagster.lib.partitions import chart_date_partitions, chart_date_partitions_for

    spotify = chart_date_partitions_for("spotify_ph_daily").get_partition_keys()
    assert spotify[0] == "2018-01-01" and spotify[-1] == "2020-09-15" and len(spotify) == 989
    assert chart_date_partitions_for("billboard_hot100").get_partition_keys()[-1] == "2026-08-28"
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert chart_date_partitions_for("apple_most_played").get_partition_keys()[-1] == today
    if not os.environ.get("AI_ARTIST_CHART_SOURCE"):
        assert chart_date_partitions.get_partition_keys()[-1] == "2020-09-15"


def test_the_definitions_partition_content_by_the_bundled_chart_range():
    from ai_artist_dagster.definitions import defs

    if os.environ.get("AI_ARTIST_CHART_SOURCE"):
        pytest.skip("the developer's shell configures another chart source")
    graph = defs().resolve_asset_graph()
    tracks = graph.get(next(k for k in graph.get_all_asset_keys() if k.to_user_string() == "tracks"))
    dates = tracks.partitions_def.get_partitions_def_for_dimension("date").get_partition_keys()
    assert dates[-1] == "2020-09-15"


@pytest.mark.parametrize("date", ["2017-06-01", "2021-06-01", "20200306"])
def test_run_refuses_a_date_without_a_chart_before_doing_anything(date, isolated_env):
    from ai_artist_dagster.cli.main import app

    result = CliRunner().invoke(app, ["run", "--date", date])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "2018-01-01" in result.output or "not a date" in result.output
    assert not (isolated_env / "dagster_home").exists()  # refused before the instance was touched
