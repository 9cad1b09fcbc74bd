"""`ai-artist`: the shell interface (run the daily cycle headless, review pieces, inspect the
roster, trends, costs and the warehouse)."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ai_artist_dagster.cli import create as _create  # noqa: F401  (registers `artists create`)
from ai_artist_dagster.cli import inspection, publishing
from ai_artist_dagster.cli.review import review_app

DEFAULT_DATE = "2020-03-06"

app = typer.Typer(
    help="Create, run and evolve virtual music artists (Dagster + DuckDB).",
    no_args_is_help=True,
    rich_markup_mode="markdown",  # docstrings are paragraphs: their line breaks are not kept mid-sentence
)
app.add_typer(review_app, name="review")
app.add_typer(inspection.artists_app, name="artists")
app.add_typer(publishing.releases_app, name="releases")
for command in (
    inspection.status,
    inspection.errors,
    inspection.autopilot,
    inspection.trends,
    inspection.costs,
    publishing.calendar,
):
    app.command()(command)
# SQL may start with a `--` comment: an argument click does not know as an option stays the argument.
app.command(context_settings={"ignore_unknown_options": True})(inspection.query)
console = Console()


@app.command()
def run(
    date: Annotated[
        str, typer.Option(help="Chart date to run (YYYY-MM-DD); bundled Spotify PH data: 2018-01-01 … 2020-09-15.")
    ] = DEFAULT_DATE,
    artists: Annotated[int | None, typer.Option(min=1, max=50, help="Artists to schedule today.")] = None,
    concurrency: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Runs at once (default: AI_ARTIST_CONCURRENCY, else one per core)."),
    ] = None,
) -> None:
    """Run the daily cycle headless: trends → roster → songs, videos, critiques → releases."""

    from ai_artist_dagster.cli.cycle import run_cycle
    from ai_artist_dagster.cli.summary import cycle_files, cycle_table, next_pieces, waiting_for_review
    from ai_artist_dagster.lib.partitions import chart_date_error

    if error := chart_date_error(date):
        raise typer.BadParameter(error, param_hint="--date")
    if artists is not None:
        os.environ["AI_ARTIST_ARTISTS_PER_DAY"] = str(artists)
    os.environ.setdefault("DO_NOT_TRACK", "1")
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console
    ) as bar:
        task = bar.add_task("loading definitions", total=None)

        def step(label: str) -> None:
            bar.update(task, description=label)
            console.log(label)

        result = run_cycle(date, step, concurrency)
        bar.update(task, description="done", total=1, completed=1)
    if result.recovered:
        console.print(
            f"[yellow]Marked {len(result.recovered)} run(s) left unfinished by a killed ai-artist as failed "
            f"and freed their pool slots:[/] {', '.join(r[:8] for r in result.recovered)}"
        )
    if result.imported:
        console.print(
            f"Imported {len(result.imported)} distributor report(s) from the inbox: {', '.join(result.imported)}"
        )
    if result.kept:
        console.print(
            f"Kept the pieces already made for {', '.join(result.kept)} (a made piece is only remade by "
            "`ai-artist review regenerate`)"
        )
    if result.scheduled:
        inspection.show(cycle_table(result))
        if waiting := waiting_for_review(result):
            console.print(waiting, highlight=False, soft_wrap=True)
    else:
        console.print(
            f"No artist's content calendar needs a piece on {date}. Next: "
            + ("; ".join(next_pieces()) or "no artist yet")
            + " — `ai-artist calendar`; AI_ARTIST_SCHEDULE=rotation makes pieces every day."
        )
    for line in cycle_files(result):
        console.print(line, highlight=False, soft_wrap=True)
    if result.failed:
        console.print(f"[red]{len(result.failed)} run(s) failed:[/]")
        for failed in result.failed:
            console.print(f"  • {failed}", highlight=False, soft_wrap=True)
        console.print(
            "Each is diagnosed with what to do: `ai-artist errors` (`--run <run>` for one); "
            "its full log and traceback are in the Dagster UI (`make dev`)."
        )
        raise typer.Exit(1)


@app.command()
def pools() -> None:
    """Set the Dagster pools' limits on the instance in $DAGSTER_HOME (`make dev` runs this first):
    duckdb_write 1 on the DuckDB file, none on DuckLake; llm_api and music_api from
    AI_ARTIST_LLM_API_LIMIT / AI_ARTIST_MUSIC_API_LIMIT."""
    import dagster as dg

    from ai_artist_dagster.cli.cycle import prepare_instance_home
    from ai_artist_dagster.lib import pools as pool_limits

    prepare_instance_home()
    with dg.DagsterInstance.get() as instance:
        applied = pool_limits.apply(instance)
    for pool, limit in applied.items():
        console.print(f"{pool:<14} {'no limit' if limit is None else limit}")


def main() -> None:
    """Entry point: the app, with a configuration mistake reported in one line (exit code 2)
    instead of a traceback through definitions loading."""
    from ai_artist_dagster.lib.env import configuration_error
    from ai_artist_dagster.lib.warehouse import WarehouseBusy

    try:
        app()
    except WarehouseBusy as exc:
        console.print(f"[yellow]Warehouse busy:[/] {exc}", highlight=False, soft_wrap=True)
        raise SystemExit(3) from None
    except Exception as exc:
        error = configuration_error(exc)
        if error is None:
            raise
        console.print(f"[red]Configuration error:[/] {error}", highlight=False, soft_wrap=True)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
