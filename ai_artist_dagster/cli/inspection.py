"""Operator commands: status, artists, autopilot, trends, costs and read-only SQL."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ai_artist_dagster.cli.safe import cell, csv_cell
from ai_artist_dagster.lib import paths, warehouse
from ai_artist_dagster.lib.config_check import checked
from ai_artist_dagster.lib.instance_runs import failed_runs
from ai_artist_dagster.lib.warehouse import Warehouse

console = Console()
artists_app = typer.Typer(
    help="The roster: list artists, show one with its profile history.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)


def _warehouse() -> Warehouse:
    wh = warehouse.configured()
    if not wh.exists():
        raise typer.BadParameter(f"no warehouse at {wh.location} yet; run `ai-artist run` first")
    return wh


def show(table: Table) -> None:
    """Print a table: to a terminal at its width; piped or captured output (scripts, CI, `| less`)
    is not cut to 80 columns — the table takes the width it needs."""
    if console.is_terminal:
        console.print(table)
        return
    from rich.measure import Measurement

    roomy = Console(width=10_000)
    Console(width=max(80, Measurement.get(roomy, roomy.options, table).maximum)).print(table)


def _table(title: str, rows: list[dict[str, Any]], columns: list[str] | None = None) -> Table:
    columns = columns or (list(rows[0]) if rows else [])
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(cell(row.get(c)) for c in columns))
    return table


def status(
    date: Annotated[str | None, typer.Option(help="Cycle date (default: the latest scheduled).")] = None,
) -> None:
    """Today's cycle: scheduled artists and how far each piece got, writer fallbacks, pending reviews,
    failed runs, and any configuration error the next run would stop on."""
    _configuration_status()
    wh = _warehouse()
    day = date or (wh.query("SELECT max(date) AS d FROM roster_schedule")[0]["d"] or None)
    if day is None:
        console.print("nothing scheduled yet; run `ai-artist run`")
    else:
        _cycle_status(wh, str(day))
        _fallback_status(wh, str(day))
    failed = _failed_runs()
    console.print(f"failed runs (latest 10): {len(failed)}" + ("  (ai-artist errors)" if failed else ""))
    for run in failed:
        console.print(f"  {run}")


def _cycle_status(wh, day: str) -> None:
    rows = wh.query(
        """SELECT s.artist_id AS artist, l.title AS song, t.measured_tempo_bpm AS bpm, r.score AS critic,
                  ps.decision AS review, rel.release_id AS release, coalesce(rel.release_date, s.release_on) AS "out",
                  CASE WHEN g.passed THEN 'passed' WHEN g.passed = false THEN 'REFUSED' END AS gate,
                  d.status AS delivery,
                  (SELECT string_agg(sp.platform || ' ' || sp.status, ', ' ORDER BY sp.platform) FROM social_posts sp
                   WHERE sp.release_id = rel.release_id) AS posts
           FROM roster_schedule s
           LEFT JOIN lyrics l ON l.date = s.date AND l.artist_id = s.artist_id
           LEFT JOIN tracks t USING (piece_id) LEFT JOIN reflections r USING (piece_id)
           LEFT JOIN piece_status ps USING (piece_id) LEFT JOIN releases rel USING (piece_id)
           LEFT JOIN release_gate g ON g.release_id = rel.release_id
           LEFT JOIN deliveries d ON d.release_id = rel.release_id
           WHERE s.date = ? ORDER BY s.slot""",
        [day],
    )
    show(_table(f"cycle {day}", rows))
    pending = wh.query("SELECT count(*) AS n FROM piece_status WHERE decision = 'pending'")[0]["n"]
    console.print(f"pending reviews: {pending}" + ("  (ai-artist review list)" if pending else ""))
    _refused_status(wh)


def _refused_status(wh) -> None:
    """Releases the pre-delivery gate refused that wait for an operator, with the reasons."""
    rows = wh.query(
        """SELECT g.piece_id AS piece, f.rule, f.detail
           FROM release_gate g,
                unnest(CAST(g.findings AS STRUCT(rule VARCHAR, passed BOOLEAN, detail VARCHAR, allowed_by VARCHAR)[])) AS u(f)
           WHERE NOT g.passed AND NOT f.passed AND f.allowed_by IS NULL ORDER BY g.piece_id, f.rule"""
    )
    console.print(
        f"releases refused by the gate: {len({r['piece'] for r in rows})}"
        + ("  (fix the piece, or: ai-artist review allow <piece> --rule <rule> --reason …)" if rows else "")
    )
    if rows:
        show(_table("", rows))


def _configuration_status() -> None:
    from ai_artist_dagster.lib.env import ConfigurationError

    def check() -> None:  # imports every domain's resources, and with them Dagster
        from ai_artist_dagster.defs.resources import default_resources

        default_resources()

    try:
        checked(paths.dagster_home() / "config_check.json", check)
    except ConfigurationError as exc:
        console.print(f"[red]configuration error (runs will not start):[/] {exc}", highlight=False, soft_wrap=True)


def _fallback_status(wh, day: str) -> None:
    """Texts of the day written by another writer than the first one on their route, and why."""
    rows = wh.query(
        """SELECT partition_key AS piece, task, arg_min(provider, called_at) AS first_tried,
                  arg_max(provider, called_at) FILTER (WHERE outcome IN ('ok', 'cache')) AS written_by,
                  string_agg(DISTINCT outcome, ', ') FILTER (WHERE outcome NOT IN ('ok', 'cache')) AS why
           FROM llm_calls WHERE partition_key LIKE '%' || ? || '%'
           GROUP BY run_id, partition_key, task HAVING first_tried <> written_by ORDER BY piece, task""",
        [day],
    )
    console.print(f"writer fallbacks: {len(rows)}" + ("  (a paid writer failed; see llm_calls)" if rows else ""))
    if rows:
        show(_table("", rows))


def _failed_runs(limit: int = 10) -> list[str]:
    """Failed runs in the Dagster instance at $DAGSTER_HOME (empty when there is none yet)."""
    return failed_runs(paths.dagster_home(), limit)


# Lifecycle moves once a day (the roster, from the days before): a candidate approved today says so.
STATUS_SQL = """CASE WHEN a.status = 'candidate' AND EXISTS (
                    SELECT 1 FROM piece_status ps WHERE ps.artist_id = a.artist_id AND ps.decision = 'approved')
                THEN 'candidate (approved: active from the next cycle)' ELSE a.status END"""


@artists_app.command("list")
def artists_list() -> None:
    """Every artist: status, autopilot, niche, approvals, rejections in a row, profile version."""
    rows = _warehouse().query(
        f"""SELECT a.artist_id AS id, a.name, {STATUS_SQL} AS status, a.autopilot,
                  json_extract_string(a.niche, '$.genre') AS genre, a.approvals,
                  a.consecutive_rejections AS rejections_in_a_row, max(p.version) AS profile_version
           FROM artists a LEFT JOIN profile_versions p USING (artist_id)
           GROUP BY a.artist_id, a.name, a.status, a.autopilot, a.niche, a.approvals, a.consecutive_rejections,
                    a.created_on
           ORDER BY a.created_on, a.artist_id"""
    )
    if not rows:
        console.print("no artists yet; `ai-artist run` creates the first one from the charts")
        return
    show(_table(f"{len(rows)} artist(s)", rows))


@artists_app.command("show")
def artists_show(artist_id: Annotated[str, typer.Argument(help="Artist id (see `ai-artist artists list`).")]) -> None:
    """An artist's current profile and every profile version."""
    from ai_artist_dagster.domain.music_theory import key_name

    wh = _warehouse()
    versions = wh.query(
        "SELECT version, profile, provider, created_at, creation_report FROM profile_versions WHERE artist_id = ? "
        "ORDER BY version",
        [artist_id],
    )
    if not versions:
        raise typer.BadParameter(f"no artist {artist_id!r} with a profile (see `ai-artist artists list`)")
    profile = json.loads(versions[-1]["profile"])
    [status] = wh.query(f"SELECT {STATUS_SQL} AS status FROM artists a WHERE artist_id = ?", [artist_id])
    console.print(
        f"[bold]{profile['name']}[/bold] ({artist_id}) — {profile['genre']}, {profile['mood']}; {status['status']}"
    )
    console.print(profile["backstory"])
    console.print(
        f"tempo {profile['tempo_bpm']} bpm, key {key_name(profile['key'], profile['mode'])}, "
        f"palette {', '.join(profile['visual_palette'])}"
    )
    console.print(f"themes: {', '.join(profile['themes'])}")
    history = [
        {
            "version": v["version"],
            "created": f"{v['created_at']:%Y-%m-%d %H:%M}",
            "by": v["provider"],
            "report": _first_line(v["creation_report"]),
        }
        for v in versions
    ]
    show(_table("profile versions", history))


def _first_line(markdown: str | None) -> str:
    """The first line of prose in a markdown report (headings and blanks skipped)."""
    lines = [line.strip() for line in (markdown or "").splitlines()]
    return next((line for line in lines if line and not line.startswith("#")), "")[:100]


def autopilot(
    artist_id: Annotated[str, typer.Argument(help="Artist id.")],
    state: Annotated[str, typer.Argument(help="on (release without review) or off (wait for a reviewer).")],
) -> None:
    """Turn an artist's autopilot on or off."""
    if state not in ("on", "off"):
        raise typer.BadParameter(f"state must be on or off, got {state!r}")
    wh = _warehouse()
    with wh.write() as con:
        found = con.execute("SELECT name FROM artists WHERE artist_id = ?", [artist_id]).fetchone()
        if not found:
            raise typer.BadParameter(f"no artist {artist_id!r} (see `ai-artist artists list`)")
        con.execute("UPDATE artists SET autopilot = ? WHERE artist_id = ?", [state == "on", artist_id])
    console.print(f"{found[0]} ({artist_id}): autopilot {state}")


def trends(
    date: Annotated[str | None, typer.Option(help="Chart date (default: the latest report).")] = None,
    top: Annotated[int, typer.Option(min=1, max=20, help="Traits per kind.")] = 5,
) -> None:
    """The rising traits of a chart date (share vs the previous week) and the chart's leaders."""
    wh = _warehouse()
    sql = "SELECT chart_date, report FROM trend_reports " + (
        "WHERE chart_date = ?" if date else "ORDER BY chart_date DESC LIMIT 1"
    )
    rows = wh.query(sql, [date] if date else [])
    if not rows:
        raise typer.BadParameter(f"no trend report for {date or 'any date'} (run `ai-artist run --date …`)")
    report = json.loads(rows[0]["report"])
    items = [
        {"kind": kind, "trait": t["trait_value"], "share": f"{t['share']:.1%}", "momentum": f"{t['momentum']:+.1%}"}
        for kind, traits in report["rising"].items()
        for t in traits[:top]
    ]
    show(_table(f"rising on {rows[0]['chart_date']} ({report['source']})", items))
    leaders = [{"#": i + 1, "title": t, "performer": p} for i, (t, p) in enumerate(report.get("top_songs", [])[:top])]
    show(_table("chart leaders", leaders))


def costs(days: Annotated[int, typer.Option(min=1, help="How many cycle dates back from the latest.")] = 30) -> None:
    """Spend per cycle (chart) date and provider: writers (LLM tokens) and music (credits). Cycle dates
    join the chart dates everywhere else; `cost_report.day` keeps the wall-clock day of each call."""
    wh = _warehouse()
    writers = wh.query(
        """SELECT strftime(cycle_date, '%Y-%m-%d') AS cycle_date, provider, sum(calls) AS calls,
                  sum(tokens_in + tokens_out) AS tokens, round(sum(cost_usd), 4) AS usd
           FROM cost_report
           WHERE cycle_date IS NULL OR cycle_date > (SELECT max(cycle_date) FROM cost_report) - ?::INTEGER
           GROUP BY ALL ORDER BY cycle_date DESC NULLS LAST, provider""",
        [days],
    )
    music = wh.query(
        """WITH calls AS (SELECT CAST(split_part(piece_id, '__', 1) AS DATE) AS cycle_date, * FROM music_calls)
           SELECT strftime(cycle_date, '%Y-%m-%d') AS cycle_date, provider, count(*) AS calls, sum(credits) AS credits,
                  round(sum(cost_usd), 4) AS usd
           FROM calls WHERE cycle_date > (SELECT max(cycle_date) FROM calls) - ?::INTEGER
           GROUP BY ALL ORDER BY cycle_date DESC, provider""",
        [days],
    )
    console.print(
        _table(f"writers, last {days} cycle dates", writers, ["cycle_date", "provider", "calls", "tokens", "usd"])
    )
    console.print(
        _table(f"music, last {days} cycle dates", music, ["cycle_date", "provider", "calls", "credits", "usd"])
    )
    total = sum(r["usd"] or 0 for r in writers) + sum(r["usd"] or 0 for r in music)
    console.print(f"total: ${total:.4f}")


QUERY_FORMATS = ("table", "csv", "json")


def query(
    sql: Annotated[
        str,
        typer.Argument(help="SQL: one or more statements (each result is shown), '-' reads it from stdin."),
    ],
    limit: Annotated[int, typer.Option(min=1, help="Rows to show per statement.")] = 50,
    output: Annotated[str, typer.Option("--format", help="table, csv or json (csv/json print every row).")] = "table",
) -> None:
    """Read-only SQL against the warehouse (tables and columns: docs/analytics.md). The connection reaches
    the warehouse file only: no other file, no network, no extension installs, no writes."""
    import sys

    import duckdb

    reading = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
    if output not in QUERY_FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(QUERY_FORMATS)}, got {output!r}")
    text = sys.stdin.read() if sql == "-" else sql
    wh = _warehouse()
    with wh.read(sandboxed=True) as con:
        try:
            statements = duckdb.extract_statements(text)
            if not statements:
                raise typer.BadParameter("no SQL statement given")
            for statement in statements:
                if statement.type not in reading:  # COPY … TO the warehouse's own .wal passed the file sandbox
                    raise typer.BadParameter(
                        f"the warehouse is read-only here: only reading statements run (SELECT, WITH, FROM, "
                        f"DESCRIBE, SHOW, SUMMARIZE, EXPLAIN; a PIVOT inside SELECT * FROM (…)); "
                        f"{statement.type.name} refused"
                    )
                cursor = con.execute(statement)
                if cursor.description is None:
                    _print_result(output, [], [], limit)
                    continue
                names = [d[0] for d in cursor.description]
                rows = cursor.fetchall() if output != "table" else cursor.fetchmany(limit + 1)
                _print_result(output, names, rows, limit)
        except duckdb.Error as exc:
            raise typer.BadParameter(f"{type(exc).__name__}: {str(exc).splitlines()[0]}") from None


def _print_result(output: str, names: list[str], rows: list[tuple], limit: int) -> None:
    import csv
    import sys

    if output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow([csv_cell(n) for n in names])
        writer.writerows([csv_cell(v) for v in row] for row in rows)
    elif output == "json":
        sys.stdout.write(json.dumps([dict(zip(names, r, strict=True)) for r in rows], default=str) + "\n")
    elif not names:
        console.print("(no result)")
    else:
        shown = [dict(zip(names, r, strict=True)) for r in rows[:limit]]
        show(_table("", shown, names))
        console.print(f"{len(shown)} row(s)" + (f" (the first {limit}; --limit for more)" if len(rows) > limit else ""))


def errors(
    limit: Annotated[int, typer.Option(min=1, help="Reports to show.")] = 10,
    run: Annotated[str | None, typer.Option(help="Show one report in full (run id or its first 8 characters).")] = None,
) -> None:
    """Failed runs with their diagnosis (provider outage, budget, bad input, bug) and next steps."""
    wh = _warehouse()
    if run:
        rows = wh.query("SELECT * FROM error_reports WHERE run_id LIKE ? || '%'", [run])
        if not rows:
            raise typer.BadParameter(f"no error report for run {run!r} (see `ai-artist errors`)")
        r = rows[0]
        console.print(f"[bold]{r['category']}[/bold] — {r['summary']}")
        console.print(f"run {r['run_id']} · {r['job']} {r['partition_key'] or ''} · step {r['step'] or '-'}")
        console.print(f"cause: {r['likely_cause']}")
        for step in json.loads(r["next_steps"]):
            console.print(f"  • {step}")
        console.print(f"[dim]{r['error_class']}: {r['message']}[/dim]")
        if r["suggested_patch"]:
            console.print("suggested patch (review it; it is never applied automatically):")
            console.print(r["suggested_patch"], highlight=False)
        return
    rows = wh.query(
        """SELECT strftime(created_at, '%Y-%m-%d %H:%M') AS at, left(run_id, 8) AS run, job, partition_key AS partition,
                  step, category, summary FROM error_reports ORDER BY created_at DESC LIMIT ?""",
        [limit],
    )
    if not rows:
        failed = _failed_runs()
        console.print(
            "no error reports yet"
            + (
                f"; {len(failed)} failed run(s) in the Dagster instance are not diagnosed yet — the daemon's "
                "run_failure_reporter sensor reports them (`make dev`, or the deployment's daemon)"
                if failed
                else ""
            )
        )
        return
    show(_table(f"{len(rows)} error report(s)", rows))
    console.print("details: ai-artist errors --run <run>")
