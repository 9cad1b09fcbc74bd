import os
import subprocess
import sys

import dagster as dg
import pytest

from ai_artist_dagster.definitions import defs

EXPECTED_ASSETS = {
    "audio_features",
    "chart_entries",
    "stg_chart_entries",
    "stg_audio_features",
    "int_chart_traits",
    "trait_momentum",
    "trend_report",
    "artist_roster",
    "artist_profiles",
    "content_calendar",
    "lyrics",
    "tracks",
    "videos",
    "reflections",
    "review_requests",
    "releases",
    "deliveries",
    "social_posts",
    "review_decision",
    "error_report",
    "warehouse_maintenance",
    "cost_report",
    "artist_metrics",
    "variant_stats",
    "artist_evolution",
    "performance_import",
}


def test_definitions_load_with_the_expected_graph():
    d = defs()
    graph = d.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert keys == EXPECTED_ASSETS
    groups = {k.to_user_string(): graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert groups["trend_report"] == "trends" and groups["tracks"] == "content" and groups["releases"] == "releases"
    assert groups["social_posts"] == "releases"
    assert groups["artist_evolution"] == groups["variant_stats"] == "analytics"
    # each folder's defs.yaml names its group: the dbt models sit in trends/, the error report in operations/
    assert (
        groups["trait_momentum"] == groups["stg_chart_entries"] == "trends" and groups["error_report"] == "operations"
    )
    jobs = {j.name for j in d.resolve_all_job_defs()} - {"__ASSET_JOB"}
    assert jobs == {
        "chart_history_job",
        "daily_cycle_job",
        "artist_profiles_job",
        "calendar_job",
        "create_artist_job",
        "content_job",
        "release_job",
        "social_job",
        "review_decision_job",
        "error_report_job",
        "warehouse_maintenance_job",
        "reporting_job",
        "performance_import_job",
    }
    assert {s.name for s in d.schedules} == {"daily_cycle_job_schedule", "warehouse_maintenance_job_schedule"}
    assert groups["warehouse_maintenance"] == "operations"
    assert {s.name for s in d.sensors} == {
        "cycle_sensor",
        "telegram_review_sensor",
        "run_failure_reporter",
        "performance_inbox_sensor",
        "chart_pull_sensor",
        "reporting_automation",
    }
    # cost_report is refreshed declaratively (hourly automation condition), not by a schedule
    assert graph.get(dg.AssetKey("cost_report")).automation_condition is not None


@pytest.mark.slow
def test_every_asset_explains_itself_and_writers_share_the_pool():
    graph = defs().resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, f"{key} has no description"
        assert node.kinds, f"{key} has no kinds"
    tracks = defs().resolve_assets_def("tracks")
    assert {c.name for c in tracks.check_specs} == {
        "tempo_matches_profile",
        "loudness_on_target",
        "vocal_on_pitch",
        "vocal_presence",
        "arrangement_dynamics",
        "cover_store_grade",
    }
    warnings = {"arrangement_dynamics", "vocal_presence"}
    assert all(spec.blocking == (spec.name not in warnings) for spec in tracks.check_specs)
    for name in ("chart_entries", "trend_report", "artist_roster", "content_calendar"):
        assert defs().resolve_assets_def(name).op.pool == "duckdb_write", name
    # provider and heavy steps wait on their provider's pool, never on the warehouse slot (a release is
    # packaged and uploaded before its one-row write)
    steps = {"lyrics": "llm_api", "reflections": "llm_api", "tracks": "music_api", "videos": None, "releases": None}
    for name, pool in steps.items():
        assert defs().resolve_assets_def(name).op.pool == pool, name


def test_runs_at_once_and_music_slots_follow_the_cores_this_process_may_use():
    """A CLI pinned to one core (a container's --cpuset-cpus, taskset) runs one worker and renders
    one song at a time, however many cores the machine has."""
    code = (
        "from ai_artist_dagster.cli.cycle import default_concurrency; "
        "from ai_artist_dagster.lib.pools import PoolLimits; print(default_concurrency(), PoolLimits().music_api)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("AI_ARTIST_CONCURRENCY", "AI_ARTIST_MUSIC_API_LIMIT")}
    cores = sorted(os.sched_getaffinity(0))

    def counts(allowed: list[int]) -> list[str]:
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
            preexec_fn=lambda: os.sched_setaffinity(0, set(allowed)),
        )  # fmt: skip
        return out.stdout.split()

    assert counts(cores[:1]) == ["1", "1"]
    assert counts(cores) == [str(len(cores))] * 2


@pytest.mark.slow
def test_pool_limits_are_set_on_the_instance_and_follow_the_warehouse(tmp_path, monkeypatch):
    from ai_artist_dagster.lib import pools
    from ai_artist_dagster.lib.env import ConfigurationError

    monkeypatch.setenv("AI_ARTIST_MUSIC_API_LIMIT", "3")
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        assert pools.apply(instance, lake=False) == {"duckdb_write": 1, "llm_api": 4, "music_api": 3}
        storage = instance.event_log_storage
        assert {k: storage.get_concurrency_info(k).slot_count for k in ("duckdb_write", "llm_api", "music_api")} == {
            "duckdb_write": 1,
            "llm_api": 4,
            "music_api": 3,
        }
        pools.apply(instance, lake=True)  # DuckLake takes many writers: the warehouse pool loses its limit
        assert "duckdb_write" not in storage.get_concurrency_keys()
        assert storage.get_concurrency_info("music_api").slot_count == 3
    monkeypatch.setenv("AI_ARTIST_LLM_API_LIMIT", "0")
    with pytest.raises(ConfigurationError, match="AI_ARTIST_LLM_API_LIMIT"):
        pools.limits(lake=False)


def test_every_job_runs_its_steps_in_the_run_process():
    """A process per step (Dagster's default) reloads the project for each step: ~8× slower through the daemon."""
    from ai_artist_dagster.definitions import defs

    assert {j.name: j.executor_def.name for j in defs().resolve_all_job_defs()} == {
        j.name: "in_process" for j in defs().resolve_all_job_defs()
    }


def test_every_environment_variable_the_package_reads_is_in_env_example():
    import re

    from ai_artist_dagster.lib.paths import PROJECT_ROOT

    source = "\n".join(p.read_text() for p in (PROJECT_ROOT / "ai_artist_dagster").rglob("*.py"))
    read = set(re.findall(r"""os\.environ(?:\.get)?[\[(]\s*["']([A-Z][A-Z0-9_]+)["']""", source))
    bound = set(re.findall(r"""^\s+\w+="([A-Z][A-Z0-9_]+)",$""", source, re.M))  # default_resources' table
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (PROJECT_ROOT / ".env.example").read_text(), re.M))
    internal = {"DAGSTER_IS_DEV_CLI", "DO_NOT_TRACK", "DAGSTER_HOME"}
    assert len(bound) > 50 and read
    assert (read | bound) - internal - listed == set()


def test_content_assets_take_their_upstream_pieces_as_typed_inputs():
    from ai_artist_dagster.defs.content.reflections import reflections
    from ai_artist_dagster.defs.content.tracks import tracks
    from ai_artist_dagster.defs.content.videos import videos

    def inputs(asset) -> dict[str, str]:
        return {name: str(i.dagster_type.typing_type.__name__) for name, i in asset.op.ins.items()}

    assert inputs(tracks) == {"lyrics": "Lyrics"}
    assert inputs(videos) == {"lyrics": "Lyrics", "tracks": "TrackInfo"}
    assert inputs(reflections) == {"lyrics": "Lyrics", "tracks": "TrackInfo", "videos": "VideoInfo"}
    assert {tracks.get_io_manager_key_for_asset_key(k) for k in tracks.keys} == {"piece_io_manager"}


def test_the_shells_read_only_commands_load_without_dagster():
    """`--help`, `status`, `errors`, `query` answer in well under a second of CPU: importing Dagster costs ~2 s."""
    import subprocess
    import sys

    probe = "import sys, ai_artist_dagster.cli.main as m; import ai_artist_dagster.lib.instance_runs; print(sorted(k for k in sys.modules if k.split('.')[0] == 'dagster'))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_status_remembers_a_passed_configuration_check_and_never_a_failed_one(tmp_path, monkeypatch):
    import re

    from ai_artist_dagster.lib.config_check import CONFIG_PREFIXES, checked
    from ai_artist_dagster.lib.paths import PROJECT_ROOT

    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (PROJECT_ROOT / ".env.example").read_text(), re.M))
    assert {v for v in listed if not v.startswith(CONFIG_PREFIXES)} == set()  # every variable changes the digest
    memo, calls = tmp_path / "config_check.json", []
    checked(memo, lambda: calls.append(1))
    checked(memo, lambda: calls.append(1))
    assert len(calls) == 1
    monkeypatch.setenv("AI_ARTIST_SCHEDULE", "rotation")
    checked(memo, lambda: calls.append(1))
    assert len(calls) == 2 and "rotation" not in memo.read_text()  # values are hashed, never stored

    def refuse() -> None:
        calls.append(1)
        raise ValueError("AI_ARTIST_SCHEDULE is wrong")

    monkeypatch.setenv("AI_ARTIST_SCHEDULE", "weekly")
    for _ in range(2):
        with pytest.raises(ValueError):
            checked(memo, refuse)
    assert len(calls) == 4


def test_dg_and_dagster_dev_parse_dbt_only_when_a_model_changed(tmp_path, monkeypatch):
    """`dg check defs` / `dg list defs` set DAGSTER_IS_DEV_CLI: an unconditional `dbt parse` cost each ~4 s."""
    import shutil

    from ai_artist_dagster.lib import dbt_project
    from ai_artist_dagster.lib.paths import DBT_PROJECT_DIR

    project = tmp_path / "dbt_trends"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("logs", "dbt_packages"))
    manifest = project / "target" / "manifest.json"
    os.utime(manifest)  # parsed after the copy's sources
    parses = []
    monkeypatch.setattr(dbt_project, "parse_project", lambda project_dir: parses.append(project_dir))
    monkeypatch.setenv("DAGSTER_IS_DEV_CLI", "1")
    assert dbt_project.load_manifest(project).models and parses == []
    model = next(project.joinpath("models").rglob("*.sql"))
    later = manifest.stat().st_mtime_ns + 10**9
    os.utime(model, ns=(later, later))  # an edited model shows under `dagster dev`
    dbt_project.load_manifest(project)
    assert parses == [project]
    monkeypatch.delenv("DAGSTER_IS_DEV_CLI")
    dbt_project.load_manifest(project)  # a plain load (a run, the code server) never parses a manifest it has
    assert parses == [project]


def test_cli_help_lists_each_command_in_whole_sentences():
    """A docstring's line breaks used to cut the command list mid-sentence ("pending reviews," / "failed runs")."""
    from typer.testing import CliRunner

    from ai_artist_dagster.cli.main import app

    listed = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "400"}).output
    assert "writer fallbacks, pending reviews, failed runs, and any configuration error" in listed
    assert "(and their state), then the slots the cadence plans" in listed
