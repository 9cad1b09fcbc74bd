"""The deployment's Dagster instance (deploy/dagster.docker.yaml: Postgres storage, queued runs with
run and pool limits) on the local PostgreSQL server: a day's partition runs through it, the cycle
sensor and the daily schedule evaluate against it. The Docker run launcher is swapped for the
default one (no Docker here); everything else is the file docker-compose.yml ships.

Skips when no server answers on 127.0.0.1:5432 — except under CI=true, where it fails.
"""

import datetime as dt
import os

import dagster as dg
import pytest
import yaml

from ai_artist_dagster.lib.paths import PROJECT_ROOT
from ai_artist_dagster_tests.services import PG_HOST, PG_PORT, PG_USER, postgres_database

pytestmark = pytest.mark.slow  # full runs, subprocesses or servers: `make test` runs them, `make test-fast` not

HOST, PORT, USER = PG_HOST, PG_PORT, PG_USER
DATE = "2020-03-06"


@pytest.fixture(scope="module")
def postgres_db():
    with postgres_database("the Postgres deployment test") as name:
        yield name


@pytest.fixture(scope="module")
def instance(postgres_db, tmp_path_factory):
    home = tmp_path_factory.mktemp("pg_home")
    config = yaml.safe_load((PROJECT_ROOT / "deploy" / "dagster.docker.yaml").read_text())
    assert config["run_launcher"]["class"] == "DockerRunLauncher"
    del config["run_launcher"]  # no Docker in tests: the default launcher
    (home / "dagster.yaml").write_text(yaml.safe_dump(config))
    mp = pytest.MonkeyPatch()
    for key, value in {
        "DAGSTER_HOME": str(home),
        "DAGSTER_POSTGRES_USER": USER,
        "DAGSTER_POSTGRES_PASSWORD": "",
        "DAGSTER_POSTGRES_HOST": HOST,
        "DAGSTER_POSTGRES_PORT": str(PORT),
        "DAGSTER_POSTGRES_DB": postgres_db,
        "AI_ARTIST_DATA_DIR": str(home / "data"),
    }.items():
        mp.setenv(key, value)
    mp.delenv("AI_ARTIST_WAREHOUSE_PATH", raising=False)
    with dg.DagsterInstance.get() as pg_instance:
        yield pg_instance
    mp.undo()


def test_the_instance_is_postgres_with_queued_runs_and_pools(instance):
    from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage

    assert isinstance(instance.run_storage, PostgresRunStorage)
    assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
    assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
    assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
    from ai_artist_dagster.lib import pools

    limits = pools.apply(instance, lake=False)  # what `ai-artist pools` does in the code container
    assert {p: instance.event_log_storage.get_concurrency_info(p).slot_count for p in limits} == limits


def test_a_day_runs_through_postgres_and_sensors_and_schedules_see_it(instance):
    import psycopg2

    from ai_artist_dagster.definitions import defs as load_defs
    from ai_artist_dagster.defs.artists.resources import CalendarResource
    from ai_artist_dagster.defs.cycle.sensors import cycle_sensor
    from ai_artist_dagster.defs.resources import WarehouseResource
    from ai_artist_dagster.defs.trends.schedules import daily_cycle_schedule

    defs = load_defs()
    first = (dt.date.fromisoformat(DATE) - dt.timedelta(days=7)).isoformat()
    last = (dt.date.fromisoformat(DATE) - dt.timedelta(days=1)).isoformat()
    history = defs.resolve_job_def("chart_history_job").execute_in_process(
        instance=instance,
        tags={"dagster/asset_partition_range_start": first, "dagster/asset_partition_range_end": last},
    )
    day = defs.resolve_job_def("daily_cycle_job").execute_in_process(instance=instance, partition_key=DATE)
    assert history.success and day.success
    # runs, events and the new artist's dynamic partition live in Postgres
    artists = instance.get_dynamic_partitions("artists")
    assert len(artists) == 1
    with (
        psycopg2.connect(host=HOST, port=PORT, user=USER, dbname=os.environ["DAGSTER_POSTGRES_DB"]) as con,
        con.cursor() as cur,
    ):
        cur.execute("SELECT count(*) FROM runs WHERE status = 'SUCCESS'")
        assert cur.fetchone()[0] == 2
        cur.execute("SELECT count(*) FROM event_logs WHERE dagster_event_type = 'ASSET_MATERIALIZATION'")
        assert cur.fetchone()[0] >= 8
    materialized = instance.get_latest_materialization_event(dg.AssetKey("artist_roster"))
    assert materialized.dagster_event.partition == DATE
    # the cycle sensor asks for the new artist's profile, against this instance
    context = dg.build_sensor_context(
        instance=instance, resources={"warehouse": WarehouseResource(), "calendar": CalendarResource()}
    )
    requests = cycle_sensor(context).run_requests
    assert [r.partition_key for r in requests] == artists
    # the daily schedule runs the day of its tick (the chart in force that morning)
    tick = dg.build_schedule_context(instance=instance, scheduled_execution_time=dt.datetime(2020, 3, 6, 6, 0))
    [scheduled] = list(daily_cycle_schedule.evaluate_tick(tick).run_requests)
    assert scheduled.partition_key == DATE
