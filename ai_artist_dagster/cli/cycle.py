"""The headless daily cycle: the same jobs the schedule and sensors run, executed in this
process against the Dagster instance in $DAGSTER_HOME (so `dagster dev` shows every run)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field

from ai_artist_dagster.cli.workers import PLANNED_TAG, Outcome, Planned, WorkerPool
from ai_artist_dagster.lib import paths, pools, processes

HISTORY_DAYS = 7
# Which waiting run a free worker takes first: the day's releases and posts (a made piece's last
# step), then pieces, then new profiles and calendars. Finishing what was started keeps a short
# warehouse run (profile, release) beside a long piece rather than beside another warehouse run,
# whose pool slot it would wait for; and the first pieces reach the outbox sooner.
RANK = {"releases": 0, "posts": 0, "content": 1, "regenerate": 1, "profiles": 2, "calendars": 2}
# The CLI shows its own progress; Dagster's per-event console lines stay in the run logs (UI).
# Dagster prints nothing to the terminal: every event, tracebacks included, is in the run's log (the
# Dagster UI); the CLI says what failed in one paragraph and diagnoses it (`ai-artist errors`).
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


@dataclass
class FailedRun:
    label: str
    run_id: str
    error: str = ""  # one paragraph: the worker's reason, or the failed step's message

    def __str__(self) -> str:
        return f"{self.label} (run {self.run_id[:8]})" + (f": {self.error}" if self.error else "")


@dataclass
class CycleResult:
    date: str
    scheduled: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    failed: list[FailedRun] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # scheduled artists whose piece was already made


def prepare_instance_home() -> None:
    """Make $DAGSTER_HOME exist with the project's dagster.yaml (pools, telemetry off)."""
    home = paths.dagster_home()
    os.environ["DAGSTER_HOME"] = str(home)
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(paths.PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")


OWNER_TAG = "ai_artist/cli_owner"  # <host>-<pid> of the `ai-artist` process executing the run


def recover_abandoned_runs(instance) -> list[str]:
    """Fail the runs an earlier `ai-artist` process on this host left unfinished (it was killed)
    and free the pool slots they held, which would otherwise block every later warehouse write.
    (Runs launched by the daemon are covered by run monitoring in dagster.yaml.)"""
    import dagster as dg

    recovered = []
    unfinished = [dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]
    for record in instance.get_run_records(dg.RunsFilter(statuses=unfinished)):
        run = record.dagster_run
        host, _, pid = run.tags.get(OWNER_TAG, "").rpartition("-")
        if not pid.isdigit() or not processes.dead_here(host, int(pid)):
            continue
        instance.report_run_failed(run, message=f"ai-artist process {pid} ended before this run did (killed?)")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        recovered.append(run.run_id)
    return recovered


def execute_here(job, instance, run_config: dict | None = None, tags: dict[str, str] | None = None, **kwargs):
    """Execute ``job`` in this process: quiet console, failure returned rather than raised, and the
    run tagged with this process so a later `ai-artist` can recover it if this one is killed."""
    return job.execute_in_process(
        instance=instance,
        raise_on_error=False,
        run_config={**QUIET, **(run_config or {})},
        tags={**(tags or {}), OWNER_TAG: processes.owner()},
        **kwargs,
    )


def default_concurrency() -> int:
    """Runs at once: AI_ARTIST_CONCURRENCY, else one per core this process may use."""
    configured = os.environ.get("AI_ARTIST_CONCURRENCY", "").strip()
    return max(1, int(configured)) if configured else processes.usable_cores()


def run_cycle(date: str, step: Callable[[str], None] = lambda _: None, concurrency: int | None = None) -> CycleResult:
    """The day's jobs in order; then the planner's runs (profiles, the artists' pieces,
    regenerations, releases) up to ``concurrency`` at once (default: default_concurrency()), the
    planner asked again as each run ends, so an artist's release follows its piece at once."""
    import dagster as dg

    from ai_artist_dagster.definitions import defs as load_defs
    from ai_artist_dagster.defs.resources import roster_resource

    prepare_instance_home()
    workers = WorkerPool(concurrency or default_concurrency())
    if len(workers.workers) > 1:  # as many as the day has pieces warm up while this process runs its first jobs
        workers.start(min(len(workers.workers), roster_resource().artists_per_day))
    day = dt.date.fromisoformat(date)
    result = CycleResult(date=date)
    try:
        defs = load_defs()
        processes.keep_loaded()  # the definitions live as long as this process
        with dg.DagsterInstance.get() as instance:
            try:
                _cycle(instance, date, day, defs, result, workers, step)
            finally:
                diagnose(instance, defs, result, step)
    finally:
        workers.close()
    return result


def diagnose(instance, defs, result: CycleResult, step: Callable[[str], None]) -> None:
    """Each failed run's error in one paragraph (its traceback stays in the run's log), and its
    report diagnosed into `error_reports` (`ai-artist errors`), as the daemon's run_failure_reporter
    does for the runs it sees."""
    from ai_artist_dagster.defs.operations.errors import REPORT_JOB, report_run_config, run_failure_brief

    for failed in result.failed:
        brief = run_failure_brief(instance, failed.run_id)
        if brief is None or brief.job == REPORT_JOB:
            continue
        failed.error = failed.error or " ".join(brief.message.split("\n\n")[0].split())
        step(f"diagnosing run {failed.run_id[:8]}")
        execute_here(defs.resolve_job_def(REPORT_JOB), instance, run_config=report_run_config(brief))


def _cycle(
    instance, date: str, day: dt.date, defs, result: CycleResult, workers: WorkerPool, step: Callable[[str], None]
) -> None:
    from ai_artist_dagster.lib.partitions import FIRST_CHART_DATE, artist_partitions

    result.recovered = recover_abandoned_runs(instance)
    pools.apply(instance)

    def run_here(planned: Planned) -> Outcome:
        step(planned.label)
        outcome = execute_here(defs.resolve_job_def(planned.job), instance, **planned.kwargs)
        return Outcome(planned.label, outcome.success, outcome.run_id)

    def record(outcome: Outcome) -> bool:
        if not outcome.success:
            result.failed.append(FailedRun(outcome.label, outcome.run_id, outcome.error))
        return outcome.success

    def execute(job_name: str, label: str, **kwargs) -> bool:
        return record(run_here(Planned(job_name, label, kwargs)))

    # Distributor reports dropped in the inbox feed today's metrics and evolution: import them first.
    from ai_artist_dagster.defs.analytics.performance import import_run_config, waiting_reports

    for report in waiting_reports(paths.data_dir(), step):
        if execute("performance_import_job", f"import {report.name}", run_config=import_run_config(report)):
            result.imported.append(report.name)

    first = max(day - dt.timedelta(days=HISTORY_DAYS), dt.date.fromisoformat(FIRST_CHART_DATE))
    if first < day:
        execute(
            "chart_history_job",
            f"chart history {first} … {day - dt.timedelta(days=1)}",
            tags={
                "dagster/asset_partition_range_start": first.isoformat(),
                "dagster/asset_partition_range_end": (day - dt.timedelta(days=1)).isoformat(),
            },
        )
    if not execute("daily_cycle_job", f"trends + roster for {date}", partition_key=date):
        return
    from ai_artist_dagster.defs.cycle.planner import in_flight_partitions, plan, unregistered_artists
    from ai_artist_dagster.defs.resources import WarehouseResource

    wh = WarehouseResource().get()
    result.scheduled = [
        r["artist_id"] for r in wh.query("SELECT artist_id FROM roster_schedule WHERE date = ? ORDER BY slot", [date])
    ]
    labels = {
        "profiles": "profile of {}",
        "calendars": "calendar of {}",
        "content": "song, video, critique, review for {}",
        "regenerate": "regenerate {}",
        "releases": "release of {}",
        "posts": "teaser posts of {}",
    }
    done: set[str] = set()
    made: set[str] = set()  # artists whose piece this cycle made

    def due() -> list[Planned]:
        """The planner the cycle sensor uses: new profiles (content needs them), the day's
        pieces that are not made, decided or in flight elsewhere, regenerations, releases —
        less what this cycle has run or handed to a worker already."""
        batch: list[Planned] = []
        registered = set(instance.get_dynamic_partitions(str(artist_partitions.name)))
        if missing := unregistered_artists(wh, registered):  # the same registration the cycle sensor makes
            instance.add_dynamic_partitions(str(artist_partitions.name), missing)
        for run in plan(wh, in_flight_partitions(instance), date=date, registered=registered | set(missing)):
            if run.run_key in done:
                continue
            done.add(run.run_key)
            subject = run.partition_key.split("|")[0]
            if run.kind == "profiles":
                result.created.append(subject)
            if run.kind == "content":
                made.add(subject)
            kwargs = {
                "partition_key": run.partition(),
                "run_config": run.run_config,
                "tags": run.tags | {PLANNED_TAG: run.run_key},
            }
            batch.append(Planned(run.job, labels[run.kind].format(subject), kwargs, RANK[run.kind]))
        return batch

    if len(workers.workers) == 1:
        while batch := due():
            for planned in batch:
                record(run_here(planned))
    else:
        for outcome in workers.run_as_due(due, instance, run_here, started=step):
            record(outcome)
    result.kept = [a for a in result.scheduled if a not in made]
    execute("reporting_job", "cost report")
