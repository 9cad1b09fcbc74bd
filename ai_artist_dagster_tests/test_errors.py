"""Error analysis: a real failed run is diagnosed through the writer router (offline classifier),
stored without secrets, posted to the review chat and listed by `ai-artist errors`."""

import json
import uuid

import dagster as dg
import pytest
from typer.testing import CliRunner

from ai_artist_dagster.domain.errors import category_of, redact, secret_values
from ai_artist_dagster.lib.schemas import ErrorBrief


@pytest.mark.parametrize(
    ("error_class", "message", "category"),
    [
        (
            "WriterError",
            "every provider failed for lyrics: openai: HTTP 503 (server) after 3 attempts",
            "provider_outage",
        ),
        ("DeliveryError", "sftp://u@h:22/in: upload interrupted (EOFError) (after 4 attempt(s))", "provider_outage"),
        ("BudgetExceeded", "a paid call would exceed the run budget of $2.00", "budget"),
        ("Failure", "unknown decision 'maybe' for nova|2020-03-06", "bad_input"),
        ("DagsterExecutionStepExecutionError", "no track of 2020-03-06__nova: materialize tracks first", "bad_input"),
        ("KeyError", "'tempo_bpm'", "bug"),
        ("RuntimeError", "something odd", "bug"),
    ],
)
def test_failures_are_classified(error_class, message, category):
    assert category_of(ErrorBrief(run_id="r", job="j", error_class=error_class, message=message)) == category


def test_secrets_and_bot_tokens_are_redacted():
    env = {"OPENAI_API_KEY": "sk-live-abcdef", "SFTP_PASSWORD": "hunter22", "HOME": "/root", "X_TOKEN": "12"}
    secrets = secret_values(env)
    assert secrets == ["sk-live-abcdef", "hunter22"]  # short values are not treated as secrets
    text = "key sk-live-abcdef pw hunter22 url https://api.telegram.org/bot123456:AAAAAAAAAAAAAAAAAAAAAAAAAA/getMe"
    assert redact(text, secrets) == "key <redacted> pw <redacted> url https://api.telegram.org/bot<redacted>/getMe"


@pytest.mark.slow
def test_a_failed_run_is_reported_once_without_secrets(isolated_env, monkeypatch):
    from ai_artist_dagster.cli.main import app
    from ai_artist_dagster.components.approval.telegram import TelegramResource
    from ai_artist_dagster.definitions import defs
    from ai_artist_dagster.defs.operations.errors import error_report
    from ai_artist_dagster.defs.resources import WarehouseResource, WriterResource
    from ai_artist_dagster.lib import paths
    from ai_artist_dagster.lib.partitions import artist_day_key
    from ai_artist_dagster.lib.warehouse import Warehouse
    from ai_artist_dagster_tests.telegram_fake import FakeBot, fake_telegram

    monkeypatch.setenv("MUSIC_SERVICE_API_KEY", "sk-music-SECRET-42")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "555:errors-bot-token-SECRET")
    bad = {"decision": "maybe", "decided_by": "sk-music-SECRET-42", "source_id": "t:1"}
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("artists", ["nova"])
        failed = (
            defs()
            .resolve_job_def("review_decision_job")
            .execute_in_process(
                instance=instance,
                partition_key=artist_day_key("2020-03-06", "nova"),
                run_config={"ops": {"review_decision": {"config": bad}}},
                raise_on_error=False,
            )
        )
        request = _reported(failed, instance)
        assert isinstance(request, dg.RunRequest) and request.run_key == f"error:{failed.run_id}"
        config = request.run_config["ops"]["error_report"]["config"]
        assert config["step"] == "review_decision" and "unknown decision 'maybe'" in config["message"]
        assert config["partition"] == artist_day_key("2020-03-06", "nova")
        config["message"] += "\nwhile calling with key sk-music-SECRET-42"  # a provider echoing a key back
        bot = FakeBot(token="555:errors-bot-token-SECRET")
        with fake_telegram(bot) as url:
            resources = {
                "writer": WriterResource(providers="offline"),
                "telegram": TelegramResource(chat_id="-42", api_base_url=url),
                "warehouse": WarehouseResource(),
            }
            result = dg.materialize(
                [error_report], run_config=request.run_config, resources=resources, instance=instance
            )
        assert result.success
    [row] = Warehouse(paths.warehouse_path()).query("SELECT * FROM error_reports")
    assert row["category"] == "bad_input" and row["job"] == "review_decision_job" and row["notified"] is True
    assert row["provider"] == "offline" and json.loads(row["next_steps"])
    stored = json.dumps(row, default=str) + json.dumps(bot.sent)
    assert "sk-music-SECRET-42" not in stored and "<redacted>" in row["message"]
    assert bot.sent[0]["text"].startswith("⚠️ bad input in review_decision_job")
    listed = CliRunner().invoke(app, ["errors"], env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "bad_input" in listed.output
    shown = CliRunner().invoke(app, ["errors", "--run", failed.run_id[:8]])
    assert shown.exit_code == 0 and "unknown decision" in shown.output


def test_failed_error_reports_are_not_reported_again():
    from ai_artist_dagster.defs.operations.errors import REPORT_JOB, run_failure_reporter

    with dg.instance_for_test() as instance:
        run = instance.create_run_for_job(dg.GraphDefinition(name=REPORT_JOB).to_job(), run_id=str(uuid.uuid4()))
        event = dg.DagsterEvent(event_type_value="PIPELINE_FAILURE", job_name=REPORT_JOB, message="boom")
        context = dg.build_run_status_sensor_context(
            sensor_name="run_failure_reporter", dagster_event=event, dagster_instance=instance, dagster_run=run
        ).for_run_failure()
        assert isinstance(run_failure_reporter(context), dg.SkipReason)


def _reported(result, instance):
    """What run_failure_reporter requests for a real failed run."""
    from ai_artist_dagster.defs.operations.errors import run_failure_reporter

    assert not result.success
    run = instance.get_run_by_id(result.run_id)
    failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_FAILURE)
    context = dg.build_run_status_sensor_context(
        sensor_name="run_failure_reporter", dagster_event=failure, dagster_instance=instance, dagster_run=run
    ).for_run_failure()
    return run_failure_reporter(context)


def _diagnosis_of(result, instance) -> str:
    """The category the run_failure_reporter's brief of a real failed run gets."""
    config = _reported(result, instance).run_config["ops"]["error_report"]["config"]
    return category_of(ErrorBrief(**config))


@pytest.mark.slow
def test_each_documented_category_from_a_real_failed_run(isolated_env, monkeypatch):
    import respx

    from ai_artist_dagster.components.approval.telegram import TelegramResource
    from ai_artist_dagster.defs.analytics.performance import import_run_config, performance_import
    from ai_artist_dagster.defs.operations.errors import error_report
    from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource, WriterResource
    from ai_artist_dagster.defs.trends.assets import chart_entries
    from ai_artist_dagster.defs.trends.resources import ChartSourceResource
    from ai_artist_dagster.lib.paths import performance_inbox
    from ai_artist_dagster.providers.charts import live
    from ai_artist_dagster_tests.llm_fakes import OPENAI_URL

    @dg.asset
    def broken_asset() -> None:
        return {}["tempo_bpm"]

    report = performance_inbox(isolated_env / "data") / "weird.csv"  # reports are read only from the inbox
    report.parent.mkdir(parents=True)
    report.write_text("when,how many\n2020-01-01,3\n")
    monkeypatch.setattr(live, "utc_today", lambda: __import__("datetime").date(2020, 3, 6))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-errors")
    monkeypatch.setenv("OPENAI_BASE_URL", OPENAI_URL)
    wh = {"warehouse": WarehouseResource()}
    seen = {}
    with dg.instance_for_test() as instance, respx.mock() as mock:
        mock.get(url__regex=r"https://feed\.invalid/.*").respond(503)

        def run(assets, **kwargs):
            return dg.materialize(assets, instance=instance, raise_on_error=False, **kwargs)

        seen["bad_input"] = run(
            [performance_import], run_config=import_run_config(report), resources=wh | {"storage": StorageResource()}
        )
        charts = ChartSourceResource(source="apple_most_played", apple_base_url="https://feed.invalid")
        seen["provider_outage"] = run([chart_entries], partition_key="2020-03-06", resources=wh | {"charts": charts})
        broke = {"run_id": "r", "job": "j", "message": "m"}
        seen["budget"] = run(
            [error_report],
            run_config={"ops": {"error_report": {"config": broke}}},
            resources=wh
            | {"writer": WriterResource(providers="openai", budget_run_usd=0), "telegram": TelegramResource()},
        )
        seen["bug"] = run([broken_asset])
        assert {category: _diagnosis_of(result, instance) for category, result in seen.items()} == {
            "bad_input": "bad_input",
            "provider_outage": "provider_outage",
            "budget": "budget",
            "bug": "bug",
        }
