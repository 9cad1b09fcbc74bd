"""Distributor reports: both column mappings, bad rows kept with reasons, idempotent imports."""

import datetime as dt

import dagster as dg
import pytest

from ai_artist_dagster.domain.performance import UnknownReportFormat, parse_report

DISTROKID = (
    "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage\tSong/Album\t"
    "Country of Sale\tSongwriter Royalties Withheld\tEarnings (USD)\n"
    "2020-05-06\t2020-03\tSpotify\tNova Vale\tWild Summer\tZZ-AIA-20-00001\t0200000000011\t1,234\t100\tSong\tPH\t0\t3.4567\n"
    "2020-05-06\t2020-03\tApple Music\tNova Vale\tWild Summer\tZZAIA2000001\t0200000000011\t200\t100\tSong\tUS\t0\t1.5\n"
    "2020-05-06\tMarch\tSpotify\tNova Vale\tWild Summer\tZZAIA2000001\t\t12\t100\tSong\tUS\t0\t0.1\n"
    "2020-05-06\t2020-03\tTIDAL\tSomeone Else\tOther\tNOT-AN-ISRC\t\t3\t100\tSong\tUS\t0\t0.02\n"
    "2020-05-06\t2020-03\tDeezer\tNova Vale\tWild Summer\tZZAIA2000001\t\tlots\t100\tSong\tFR\t0\t0.3\n"
)
NATIVE = 'period,store,country,isrc,upc,title,artist,quantity,revenue_usd\n2020-03-31,YouTube,PH,,0200000000011,Wild Summer,Nova Vale,5000,"$2.50"\n'


def test_distrokid_export_is_recognised_and_bad_rows_are_explained():
    report = parse_report(DISTROKID.encode())
    assert report.format == "distrokid"
    good = dict(report.rows)
    assert set(good) == {2, 3}
    assert good[2].period == dt.date(2020, 3, 1) and good[2].quantity == 1234 and good[2].isrc == "ZZAIA2000001"
    assert good[2].period_grain == "month"  # "2020-03" is a month, not its first day's streams
    errors = {r.row_number: r.error for r in report.rejects}
    assert set(errors) == {4, 5, 6}
    assert "period" in errors[4] and "ISRC" in errors[5] and "quantity" in errors[6]
    assert "Someone Else" in next(r.row for r in report.rejects if r.row_number == 5)


def test_native_csv_and_unknown_headers():
    report = parse_report(NATIVE.encode("utf-8-sig"))
    assert report.format == "native" and report.rows[0][1].revenue_usd == 2.5 and not report.rejects
    assert report.rows[0][1].period_grain == "day"
    with pytest.raises(UnknownReportFormat, match="Sale Month"):
        parse_report(b"date,streams\n2020-01-01,3\n")


@pytest.fixture
def release_in_warehouse(isolated_env):
    from ai_artist_dagster.lib import paths
    from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows, now

    wh = Warehouse(paths.warehouse_path())
    with wh.write() as con:
        insert_rows(
            con,
            "releases",
            [
                {
                    "release_id": "AIA-1",
                    "piece_id": "2020-03-06__nova-vale",
                    "date": "2020-03-06",
                    "artist_id": "nova-vale",
                    "title": "Wild Summer",
                    "path": "/tmp/x",
                    "manifest": "{}",
                    "created_at": now(),
                    "isrc": "ZZAIA2000001",
                    "video_isrc": "ZZAIA2000002",
                    "upc": "0200000000011",
                }
            ],
        )
    return wh, isolated_env


def _sensor_runs(data_root):
    from ai_artist_dagster.defs.analytics.performance import performance_inbox_sensor
    from ai_artist_dagster.defs.resources import StorageResource

    context = dg.build_sensor_context(resources={"storage": StorageResource(data_dir=str(data_root))})
    return [r for r in performance_inbox_sensor(context) if isinstance(r, dg.RunRequest)]


def test_inbox_sensor_imports_each_report_once(release_in_warehouse):
    from ai_artist_dagster.definitions import defs

    wh, root = release_in_warehouse
    inbox = root / "data" / "inbox" / "performance"
    inbox.mkdir(parents=True)
    (inbox / "distrokid_2020_03.tsv").write_text(DISTROKID)
    (inbox / "notes.md").write_text("not a report")
    job = defs().resolve_job_def("performance_import_job")

    def run(request):
        return job.execute_in_process(run_config=request.run_config, instance=dg.DagsterInstance.ephemeral())

    [request] = _sensor_runs(root / "data")
    result = run(request)
    assert result.success
    rows = wh.query("SELECT store, quantity, release_id, artist_id FROM performance ORDER BY row_number")
    assert {r["period_grain"] for r in wh.query("SELECT period_grain FROM performance")} == {"month"}
    assert [(r["store"], r["quantity"]) for r in rows] == [("Spotify", 1234), ("Apple Music", 200)]
    assert {r["release_id"] for r in rows} == {"AIA-1"} and {r["artist_id"] for r in rows} == {"nova-vale"}
    assert wh.query("SELECT count(*) AS n FROM performance_rejects")[0]["n"] == 3
    assert (inbox / "processed" / "distrokid_2020_03.tsv").exists() and not (inbox / "distrokid_2020_03.tsv").exists()
    # the same report again under another name: its run imports nothing
    (inbox / "march_again.tsv").write_text(DISTROKID)
    [again] = _sensor_runs(root / "data")
    assert again.run_key.split(":")[1] == request.run_key.split(":")[1]  # same content hash
    second = run(again)
    assert second.success
    assert wh.query("SELECT count(*) AS n FROM performance")[0]["n"] == 2
    # what analysts see: the release's streams by store
    perf = wh.query("SELECT store, streams FROM release_performance ORDER BY store")
    assert [(p["store"], p["streams"]) for p in perf] == [("Apple Music", 200), ("Spotify", 1234)]


def test_a_report_in_an_unknown_format_fails_clearly_and_stays(release_in_warehouse):
    from ai_artist_dagster.definitions import defs

    wh, root = release_in_warehouse
    inbox = root / "data" / "inbox" / "performance"
    inbox.mkdir(parents=True)
    (inbox / "weird.csv").write_text("when,how many\n2020-01-01,3\n")
    [request] = _sensor_runs(root / "data")
    result = (
        defs()
        .resolve_job_def("performance_import_job")
        .execute_in_process(
            run_config=request.run_config, instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
        )
    )
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert "unrecognised report header" in str(failure.step_failure_data.error)
    assert (inbox / "weird.csv").exists() and wh.query("SELECT count(*) AS n FROM performance")[0]["n"] == 0


def test_each_bad_row_is_rejected_alone_and_the_rest_imports(release_in_warehouse):
    from ai_artist_dagster.definitions import defs

    wh, root = release_in_warehouse
    inbox = root / "data" / "inbox" / "performance"
    inbox.mkdir(parents=True)
    lines = [
        "period,store,isrc,quantity,revenue_usd",
        "2020-03-31,Spotify,ZZAIA2000001,99999999999999999999999,1.0",  # past BIGINT
        "2020-03-31,Spotify,ZZAIA2000001,10,inf",
        "2020-03-31,Spotify,ZZAIA2000001,10,1e308",
        "2020-03-31,Spotify,ZZAIA2000001,-40,0.1",  # negative streams
        "2020-03-31,Spotify,ZZAIA2000001,nan,0.1",
        "2020-03-31,Spotify,ZZAIA2000001,700,1.75",  # the one good row
        "2020-03-31,Apple Music,ZZAIA2000001,3,-0.02",  # a chargeback: negative revenue is allowed
    ]
    (inbox / "mixed.csv").write_text("\n".join(lines) + "\n")
    [request] = _sensor_runs(root / "data")
    result = (
        defs()
        .resolve_job_def("performance_import_job")
        .execute_in_process(run_config=request.run_config, instance=dg.DagsterInstance.ephemeral())
    )
    assert result.success
    rows = wh.query("SELECT store, quantity, revenue_usd FROM performance ORDER BY row_number")
    assert rows == [
        {"store": "Spotify", "quantity": 700, "revenue_usd": 1.75},
        {"store": "Apple Music", "quantity": 3, "revenue_usd": -0.02},
    ]
    rejects = {r["row_number"]: r["error"] for r in wh.query("SELECT row_number, error FROM performance_rejects")}
    assert sorted(rejects) == [2, 3, 4, 5, 6]
    assert "quantity" in rejects[2] and "finite" in rejects[3] and "revenue_usd" in rejects[4]
    assert "greater than or equal to 0" in rejects[5]


def test_a_failed_report_is_retried_once_fixed_or_touched(release_in_warehouse):
    import os

    _, root = release_in_warehouse
    inbox = root / "data" / "inbox" / "performance"
    inbox.mkdir(parents=True)
    bad = inbox / "weird.csv"
    bad.write_text("when,how many\n2020-01-01,3\n")
    [first] = _sensor_runs(root / "data")
    assert [r.run_key for r in _sensor_runs(root / "data")] == [first.run_key]  # untouched: the same key
    os.utime(bad, ns=(bad.stat().st_atime_ns, bad.stat().st_mtime_ns + 10**9))  # touched to retry
    [touched] = _sensor_runs(root / "data")
    bad.write_text(NATIVE)  # fixed
    [fixed] = _sensor_runs(root / "data")
    assert len({first.run_key, touched.run_key, fixed.run_key}) == 3


def test_a_binary_file_is_refused_without_echoing_its_bytes():
    junk = bytes(range(256)) * 4000
    with pytest.raises(UnknownReportFormat) as info:
        parse_report(junk)
    message = str(info.value)
    assert len(message) < 1000 and message.isascii() and message.isprintable()


@pytest.mark.slow
def test_ai_artist_run_imports_waiting_reports_first(release_in_warehouse, monkeypatch):
    from ai_artist_dagster.cli import cycle

    wh, root = release_in_warehouse
    inbox = root / "data" / "inbox" / "performance"
    inbox.mkdir(parents=True)
    (inbox / "distrokid_2020_03.tsv").write_text(DISTROKID)
    executed = []

    class Stop(Exception):
        pass

    real = cycle.execute_here

    def spy(job, instance, **kwargs):
        executed.append(job.name)
        if job.name != "performance_import_job":
            raise Stop  # the rest of the cycle is tested elsewhere
        return real(job, instance, **kwargs)

    monkeypatch.setattr(cycle, "execute_here", spy)
    with pytest.raises(Stop):
        cycle.run_cycle("2020-03-06")
    assert executed == ["performance_import_job", "chart_history_job"]
    assert wh.query("SELECT count(*) AS n FROM performance")[0]["n"] == 2
    assert (inbox / "processed" / "distrokid_2020_03.tsv").exists()


def test_a_malformed_report_is_one_clear_paragraph_diagnosed_for_the_cli_user(release_in_warehouse, monkeypatch, capfd):
    """No Dagster traceback on the terminal (it stays in the run's log); the failure is said once,
    with the file and what to do, and diagnosed into error_reports as the daemon's sensor would."""
    from types import SimpleNamespace

    from ai_artist_dagster.cli import cycle

    wh, root = release_in_warehouse
    inbox = root / "data" / "inbox" / "performance"
    inbox.mkdir(parents=True)
    (inbox / "mystery.csv").write_text("just,some,columns\n1,2,3\n")
    real = cycle.execute_here

    def only_imports_and_reports(job, instance, **kwargs):
        if job.name in ("performance_import_job", "error_report_job"):
            return real(job, instance, **kwargs)
        return SimpleNamespace(success=False, run_id="not-run")  # the rest of the cycle is tested elsewhere

    monkeypatch.setattr(cycle, "execute_here", only_imports_and_reports)
    result = cycle.run_cycle("2020-03-06")
    [failed] = [f for f in result.failed if f.label == "import mystery.csv"]
    assert "mystery.csv" in failed.error and "stays in the inbox" in failed.error and "\n" not in failed.error
    terminal = capfd.readouterr()
    assert "Traceback" not in terminal.out + terminal.err and "Stack Trace" not in terminal.out + terminal.err
    [report] = wh.query("SELECT run_id, category, job FROM error_reports")
    assert report["run_id"] == failed.run_id and report["job"] == "performance_import_job"
    assert report["category"] == "bad_input", report


def test_the_inbox_quarantines_links_and_undecodable_names_and_never_echoes_a_secret(release_in_warehouse, monkeypatch):
    """A link to a key file put the OpenAI key in 5 files under DAGSTER_HOME; a non-UTF-8 name failed
    the inbox sensor 39 times in 40 minutes and blocked every report after it."""
    import os

    from ai_artist_dagster.definitions import defs

    _, root = release_in_warehouse
    key = "sk-canary-" + "x" * 24
    monkeypatch.setenv("OPENAI_API_KEY", key)
    secret = root / "dot.env"
    secret.write_text(f"OPENAI_API_KEY={key}\n")
    inbox = root / "data" / "inbox" / "performance"
    inbox.mkdir(parents=True)
    (inbox / "keys.csv").symlink_to(secret)
    os.close(os.open(os.path.join(os.fsencode(inbox), b"report-\xff.csv"), os.O_CREAT | os.O_WRONLY))
    (inbox / "distrokid_2020_03.tsv").write_text(DISTROKID)
    [request] = _sensor_runs(root / "data")  # the good report still sorts: the bad entries are out of the way
    assert request.tags["ai_artist/report"] == "distrokid_2020_03.tsv"
    quarantine = inbox / "quarantine"
    assert (quarantine / "keys.csv").is_symlink() and secret.read_text().startswith("OPENAI_API_KEY")
    assert "a link" in (quarantine / "keys.csv.why.txt").read_text()
    assert (quarantine / "report-\\xff.csv").exists() and "not UTF-8" in (
        quarantine / "report-\\xff.csv.why.txt"
    ).read_text()
    # a report whose header is a key: the failure says so without the key, and a path outside the inbox is refused
    (inbox / "leak.csv").write_text(f"OPENAI_API_KEY={key}\n1\n")
    job = defs().resolve_job_def("performance_import_job")
    with dg.instance_for_test() as instance:
        for path in (inbox / "leak.csv", secret):
            result = job.execute_in_process(
                run_config={"ops": {"performance_import": {"config": {"path": str(path)}}}},
                instance=instance,
                raise_on_error=False,
            )
            assert not result.success
        logs = [e for r in instance.get_runs() for e in instance.all_logs(r.run_id)]
        text = " ".join(str(e.dagster_event.event_specific_data) if e.dagster_event else e.user_message for e in logs)
    assert "sk-canary" not in text  # not even a cut-short part of it
    assert "characters, not shown" in text and "not a file in the inbox" in text
