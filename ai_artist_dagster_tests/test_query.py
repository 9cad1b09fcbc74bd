"""`ai-artist query`: an analyst's SQL reads the warehouse and nothing else (no other file, no
network, no writes), takes any SQL text (comments first, several statements), and prints tables,
CSV or JSON that survive a pipe."""

import json

import pytest
from typer.testing import CliRunner

from ai_artist_dagster.cli.main import app
from ai_artist_dagster.lib import paths
from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows


@pytest.fixture
def warehouse(isolated_env, monkeypatch):
    wh = Warehouse(paths.warehouse_path())
    with wh.write() as con:
        insert_rows(
            con,
            "artists",
            [
                {
                    "artist_id": f"artist-{i}",
                    "name": f"Artist Number {i} With A Rather Long Stage Name",
                    "status": "active",
                    "created_on": "2020-03-06",
                    "niche": {"genre": "pop"},
                    "autopilot": True,
                    "consecutive_rejections": 0,
                    "approvals": 0,
                    "updated_at": "2020-03-06 12:00:00",
                }
                for i in range(3)
            ],
        )
    secret_file = isolated_env / ".env"
    secret_file.write_text("TELEGRAM_BOT_TOKEN=123:very-secret-token\n")
    other = Warehouse(isolated_env / "other.duckdb")
    with other.write():
        pass
    return wh, secret_file, other.path


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, ["query", *args], input=stdin)


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT * FROM artists) TO '{data}/stolen.csv'",
        "EXPORT DATABASE '{data}/export'",
        "ATTACH '{other}' AS o (READ_WRITE); DELETE FROM o.main.artists",
        "SELECT * FROM read_text('{env}')",
        "SELECT * FROM read_csv('/etc/passwd')",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "DELETE FROM artists",
        # found by the attacker: the database's own files passed the file sandbox; a logging call aborted
        "COPY (SELECT 1) TO '{data}/warehouse.duckdb.wal'",
        "CALL enable_logging(storage='file', storage_path='{data}/log.csv')",
    ],
)
@pytest.mark.slow
def test_analyst_sql_reaches_no_file_network_or_write(warehouse, sql):
    wh, secret_file, other = warehouse
    data = wh.path.parent
    before = sorted(p.name for p in data.iterdir())
    result = run(sql.format(data=data, other=other, env=secret_file))
    assert result.exit_code == 2
    assert "very-secret-token" not in result.output and "root:" not in result.output
    assert sorted(p.name for p in data.iterdir()) == before  # nothing written beside the warehouse
    assert len(wh.query("SELECT * FROM artists")) == 3


def test_sql_may_start_with_a_comment_and_every_statement_is_shown(warehouse):
    result = run("-- how many artists?\nSELECT count(*) AS n FROM artists; SELECT 'second' AS which")
    assert result.exit_code == 0, result.output
    assert "3" in result.output and "second" in result.output and result.output.count("row(s)") == 2


def test_csv_and_json_print_every_row_and_stdin_is_read(warehouse):
    csv_out = run("--format", "csv", "-", stdin="SELECT artist_id, name FROM artists ORDER BY artist_id")
    assert csv_out.exit_code == 0, csv_out.output
    lines = csv_out.output.strip().splitlines()
    assert lines[0] == "artist_id,name" and lines[1] == "artist-0,Artist Number 0 With A Rather Long Stage Name"
    json_out = run("--format", "json", "--limit", "1", "SELECT artist_id FROM artists ORDER BY 1")
    assert json.loads(json_out.output) == [{"artist_id": f"artist-{i}"} for i in range(3)]


def test_a_piped_table_is_not_cut_to_80_columns(warehouse):
    result = run("SELECT artist_id, name, status, created_on, niche FROM artists ORDER BY 1")
    assert result.exit_code == 0
    assert "Artist Number 2 With A Rather Long Stage Name" in result.output  # one line, not wrapped or cut
    assert max(len(line) for line in result.output.splitlines()) > 80


@pytest.mark.slow
def test_a_query_waits_for_a_write_in_another_process_to_end(warehouse):
    import subprocess
    import sys
    import time

    wh = warehouse[0]
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); c.execute('BEGIN'); "
            "c.execute(\"UPDATE artists SET status = 'paused' WHERE artist_id = 'artist-0'\"); print('locked', flush=True); "
            "time.sleep(3); c.execute('COMMIT'); c.close()",
            str(wh.path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "ai_artist_dagster.cli.main", "query", "--format", "csv", "SELECT status FROM artists"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    holder.wait(timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "paused" in done.stdout and time.monotonic() - started >= 1  # it waited for the commit, then read


@pytest.mark.slow
def test_a_reader_gives_up_with_a_clear_message_when_a_writer_keeps_the_file(warehouse):
    import subprocess
    import sys

    import duckdb

    code = (
        "from ai_artist_dagster.lib import warehouse as w; w.READ_WAIT_S = 0.5;"
        "from ai_artist_dagster.cli.main import main; import sys; sys.argv = ['ai-artist', 'query', 'SELECT 1']; main()"
    )
    writer = duckdb.connect(str(warehouse[0].path))  # DuckDB's file lock is per process: the reader is another one
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    finally:
        writer.close()
    assert done.returncode == 3 and "Warehouse busy" in done.stdout and "Traceback" not in done.stderr


def test_terminal_escapes_markup_and_formulas_are_printed_as_text(warehouse):
    """A report's cell or an artist's name is data: `query` and `artists list` printed them raw, so
    an escape sequence drove the terminal and a CSV cell ran as a spreadsheet formula."""
    wh, _, _ = warehouse
    hostile = "\x1b]0;owned\x07\x1b[31m[bold]Evil[/bold]"
    with wh.write() as con:
        con.execute("UPDATE artists SET name = ? WHERE artist_id = 'artist-0'", [hostile])
        con.execute("UPDATE artists SET name = '=HYPERLINK(\"http://x\",\"y\")' WHERE artist_id = 'artist-1'")
    for output in (
        run("SELECT name FROM artists ORDER BY 1").output,
        CliRunner().invoke(app, ["artists", "list"]).output,
    ):
        assert "\x1b" not in output and "\x07" not in output
        assert "\\x1b]0;owned\\x07\\x1b[31m[bold]Evil[/bold]" in output  # shown, markup not interpreted
    csv_out = run("--format", "csv", "SELECT artist_id, name FROM artists ORDER BY artist_id").output
    assert "\x1b" not in csv_out and "'=HYPERLINK(" in csv_out and ",=" not in csv_out
    assert json.loads(run("--format", "json", "SELECT name FROM artists ORDER BY 1").output)  # JSON escapes by itself
