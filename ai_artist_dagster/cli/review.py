"""`ai-artist review`: decide on pending pieces from the shell (the embedded review channel)."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ai_artist_dagster.lib import paths
from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows

review_app = typer.Typer(help="Review pieces: list pending ones, approve or reject them.", no_args_is_help=True)
console = Console()

PENDING_SQL = """SELECT ps.piece_id, strftime(ps.date, '%Y-%m-%d') AS date, ps.artist_id, a.name, l.title, r.score, r.summary
                 FROM piece_status ps JOIN artists a USING (artist_id)
                 LEFT JOIN lyrics l USING (piece_id) LEFT JOIN reflections r USING (piece_id)
                 WHERE ps.decision = 'pending' ORDER BY ps.date, ps.artist_id"""


def _warehouse() -> Warehouse:
    return Warehouse(paths.warehouse_path())


@review_app.command("list")
def list_pending() -> None:
    """List pieces waiting for a decision."""
    rows = _warehouse().query(PENDING_SQL)
    table = Table(title=f"{len(rows)} piece(s) pending review")
    for column in ("piece", "artist", "song", "critic"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["piece_id"],
            r["name"],
            r["title"] or "-",
            f"{r['score']}/10 — {r['summary']}" if r["score"] is not None else "-",
        )
    console.print(table)


def _decide(pieces: list[str], all_pending: bool, decision: str, feedback: str | None) -> list[dict]:
    from ai_artist_dagster.defs.review.assets import decision_row

    wh = _warehouse()
    pending = {r["piece_id"]: r for r in wh.query(PENDING_SQL)}
    chosen = list(pending) if all_pending else pieces
    unknown = [p for p in chosen if p not in pending]
    if unknown:
        raise typer.BadParameter(f"not pending: {', '.join(unknown)} (see `ai-artist review list`)")
    if not chosen:
        console.print("nothing pending")
        return []
    who = f"shell:{getpass.getuser()}"
    with wh.write() as con:
        insert_rows(
            con,
            "review_decisions",
            [decision_row(p, pending[p]["date"], pending[p]["artist_id"], decision, who, feedback) for p in chosen],
        )
    for p in chosen:
        console.print(f"{decision}: {p} ({pending[p]['title']})")
    return [pending[p] for p in chosen]


@review_app.command()
def approve(
    pieces: Annotated[list[str] | None, typer.Argument(help="Piece ids (DATE__ARTIST).")] = None,
    all_pending: Annotated[bool, typer.Option("--all", help="Approve every pending piece.")] = False,
) -> None:
    """Approve pieces and package their releases."""
    import dagster as dg

    from ai_artist_dagster.cli.cycle import prepare_instance_home
    from ai_artist_dagster.definitions import defs as load_defs
    from ai_artist_dagster.lib.partitions import artist_day_key

    approved = _decide(pieces or [], all_pending, "approved", None)
    if not approved:
        return
    prepare_instance_home()
    job = load_defs().resolve_job_def("release_job")
    with dg.DagsterInstance.get() as instance:
        for piece in approved:
            outcome = job.execute_in_process(
                instance=instance, partition_key=artist_day_key(piece["date"], piece["artist_id"]), raise_on_error=False
            )
            console.print(
                f"release for {piece['piece_id']}: {'packaged' if outcome.success else 'FAILED (run ' + outcome.run_id + ')'}"
            )


@review_app.command()
def reject(
    pieces: Annotated[list[str] | None, typer.Argument(help="Piece ids (DATE__ARTIST).")] = None,
    all_pending: Annotated[bool, typer.Option("--all", help="Reject every pending piece.")] = False,
    feedback: Annotated[str | None, typer.Option(help="Why (kept with the decision).")] = None,
) -> None:
    """Reject pieces (counts towards the artist's retirement threshold)."""
    _decide(pieces or [], all_pending, "rejected", feedback)
