"""Error analysis: every failed run gets a report — what failed where, its category (provider
outage, budget, bad input, bug) and what to do — in `error_reports`, and on the review chat.

`run_failure_reporter` (a run-failure sensor) gathers the failed step's error and stack tail,
removes secrets, and requests one `error_report` run per failed run (sensors do not write the
warehouse). The report is written by the writer router's `error_diagnosis` task: the offline
rule-based classifier by default, an LLM when one is configured. A suggested patch, if any, is
stored for a human to review and is never applied.
"""

from collections.abc import Sequence

import dagster as dg

from ai_artist_dagster.components.approval.telegram import TelegramResource
from ai_artist_dagster.defs.resources import WarehouseResource, WriterResource
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.schemas import ErrorBrief
from ai_artist_dagster.lib.warehouse import now, replace_rows

REPORT_JOB = "error_report_job"


class ErrorReportConfig(ErrorBrief, dg.Config):
    """The failed run, as run config (the launchpad shows it): exactly the fields of ErrorBrief."""


@dg.asset(kinds={"duckdb", "python"}, pool=DUCKDB_WRITE)
def error_report(
    context: dg.AssetExecutionContext,
    config: ErrorReportConfig,
    writer: WriterResource,
    telegram: TelegramResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """The diagnosis of one failed run (requested by run_failure_reporter): category, summary,
    likely cause, next steps and an optional suggested patch (never applied), stored in
    `error_reports` without secrets and posted to the review chat when Telegram is configured."""
    import json

    from ai_artist_dagster.domain.errors import redact, secret_values
    from ai_artist_dagster.lib.schemas import ErrorDiagnosis
    from ai_artist_dagster.providers.review.telegram import TelegramError

    secrets = secret_values()
    brief = ErrorBrief(**config.model_dump())  # the plain schema, without Dagster's config machinery
    brief.message = redact(brief.message, secrets)
    brief.stack_tail = [redact(line, secrets) for line in brief.stack_tail]
    generation = writer.generate(context, "error_diagnosis", brief, ErrorDiagnosis)
    report: ErrorDiagnosis = generation.result
    notified = False
    if telegram.configured:
        text = f"⚠️ {report.summary}\nCause: {report.likely_cause}\nNext: " + "; ".join(report.next_steps)
        try:
            telegram.channel().notify(redact(text, secrets))
            notified = True
        except TelegramError as exc:
            context.log.warning(f"could not post the error report to Telegram: {exc}")
    next_steps = [redact(s, secrets) for s in report.next_steps]
    row = {
        "run_id": brief.run_id,
        "job": brief.job,
        "partition_key": brief.partition,
        "step": brief.step,
        "error_class": brief.error_class,
        "message": brief.message[:4000],
        "category": report.category,
        "summary": redact(report.summary, secrets),
        "likely_cause": redact(report.likely_cause, secrets),
        "next_steps": json.dumps(next_steps),
        "suggested_patch": redact(report.suggested_patch, secrets) if report.suggested_patch else None,
        "provider": generation.provider,
        "notified": notified,
        "created_at": now(),
    }
    with warehouse.get().write() as con:
        replace_rows(con, "error_reports", {"run_id": brief.run_id}, [row])
    return dg.MaterializeResult(
        metadata={
            "failed_run": dg.MetadataValue.dagster_run(brief.run_id),
            "category": report.category,
            "summary": row["summary"],
            "next_steps": dg.MetadataValue.md("\n".join(f"- {s}" for s in next_steps)),
            "suggested_patch": dg.MetadataValue.md(f"```diff\n{row['suggested_patch']}\n```")
            if row["suggested_patch"]
            else "none",
            "diagnosed_by": generation.provider,
            "notified": notified,
        }
    )


error_report_job = dg.define_asset_job(
    REPORT_JOB, selection=dg.AssetSelection.assets("error_report"), description="Diagnose one failed run."
)


def failure_brief(
    run: dg.DagsterRun, failures: Sequence[dg.DagsterEvent], run_failure: dg.DagsterEvent | None
) -> ErrorBrief:
    """What an error report needs of a failed run: the failed step's error (its cause's class and
    stack tail: the exception that started it says the most), secrets removed. Used by the
    daemon's sensor and by `ai-artist run` for the runs it executed."""
    from ai_artist_dagster.domain.errors import redact, secret_values

    secrets = secret_values()
    error = (
        failures[0].step_failure_data.error
        if failures
        else getattr(run_failure.event_specific_data, "error", None)
        if run_failure
        else None
    )
    cause = error.cause if error and error.cause else None
    origin = cause or error
    message = error.message if error else ((run_failure.message if run_failure else None) or "run failed")
    if cause:
        message += f"\nCaused by {cause.cls_name}: {cause.message}"
    stack = origin.stack if origin else []
    return ErrorBrief(
        run_id=run.run_id,
        job=run.job_name,
        partition=run.tags.get("dagster/partition", ""),
        step=(failures[0].step_key or "") if failures else "",
        error_class=origin.cls_name if origin else "",
        message=redact(message, secrets)[:4000],
        stack_tail=[redact(line.rstrip(), secrets)[:300] for line in "".join(stack).splitlines()[-15:]],
    )


def run_failure_brief(instance: dg.DagsterInstance, run_id: str) -> ErrorBrief | None:
    """The brief of a failed run, read from the instance's event log (None if it did not fail)."""
    run = instance.get_run_by_id(run_id)
    if run is None or run.status != dg.DagsterRunStatus.FAILURE:
        return None
    steps = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.STEP_FAILURE).records
    ends = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.RUN_FAILURE).records
    failures = [e.event_log_entry.dagster_event for e in steps if e.event_log_entry.dagster_event]
    run_failure = ends[0].event_log_entry.dagster_event if ends else None
    return failure_brief(run, failures, run_failure)


def report_run_config(brief: ErrorBrief) -> dict:
    return {"ops": {"error_report": {"config": brief.model_dump()}}}


@dg.run_failure_sensor(
    request_job=error_report_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING
)
def run_failure_reporter(context: dg.RunFailureSensorContext):
    """Requests an error report for each failed run (not for failed reports themselves)."""
    run = context.dagster_run
    if run.job_name == REPORT_JOB:
        return dg.SkipReason(f"not reporting on the failed error report run {run.run_id}")
    brief = failure_brief(run, context.get_step_failure_events(), context.failure_event)
    return dg.RunRequest(run_key=f"error:{run.run_id}", run_config=report_run_config(brief))
