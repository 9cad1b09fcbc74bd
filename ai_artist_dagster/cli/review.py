"""`ai-artist review`: decide on pending pieces from the shell (the embedded review channel)."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from ai_artist_dagster.cli.inspection import show as show_table
from ai_artist_dagster.cli.safe import cell
from ai_artist_dagster.lib import media, warehouse
from ai_artist_dagster.lib.warehouse import Warehouse

if TYPE_CHECKING:
    from ai_artist_dagster.components.approval.store import Decision

# The review gate's configuration: which channels take decisions, and its gate asset.
REVIEW_GATE = Path(__file__).parents[1] / "defs" / "review" / "defs.yaml"

review_app = typer.Typer(
    help="Review pieces from the shell: list pending ones, show one, approve, reject or regenerate.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
console = Console()

PENDING_SQL = """SELECT ps.piece_id, strftime(ps.date, '%Y-%m-%d') AS date, ps.artist_id, a.name, l.title, r.score, r.summary
                 FROM piece_status ps JOIN artists a USING (artist_id)
                 LEFT JOIN lyrics l USING (piece_id) LEFT JOIN reflections r USING (piece_id)
                 WHERE ps.decision = 'pending' ORDER BY ps.date, ps.artist_id"""


def _warehouse() -> Warehouse:
    return warehouse.configured()


@review_app.command("list")
def list_pending() -> None:
    """List pieces waiting for a decision."""
    rows = _warehouse().query(PENDING_SQL)
    table = Table(title=f"{len(rows)} piece(s) pending review")
    for column in ("piece", "artist", "song", "critic"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            cell(r["piece_id"]),
            cell(r["name"]),
            cell(r["title"] or "-"),
            cell(f"{r['score']}/10 — {r['summary']}" if r["score"] is not None else "-"),
        )
    show_table(table)


def _decide(pieces: list[str], all_pending: bool, decision: Decision, feedback: str | None) -> list[dict]:
    import dagster as dg

    from ai_artist_dagster.cli.cycle import prepare_instance_home
    from ai_artist_dagster.components.approval import store
    from ai_artist_dagster.components.approval.component import load_gate

    gate = load_gate(REVIEW_GATE)
    if "shell" not in gate.channels:
        raise typer.BadParameter(
            f"the review gate takes no shell decisions (channels: {', '.join(gate.channels)}; {REVIEW_GATE})"
        )
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
    made = [
        store.decision(
            store.ReviewItem(piece_id=p, date=pending[p]["date"], artist_id=pending[p]["artist_id"]),
            decision,
            who,
            feedback,
        )
        for p in chosen
    ]
    prepare_instance_home()
    with dg.DagsterInstance.get() as instance:
        store.record_from_shell(wh, instance, gate.asset, made)
    for p in chosen:
        console.print(f"{decision}: {p} ({pending[p]['title']})")
    return [pending[p] for p in chosen]


@review_app.command()
def show(piece: Annotated[str, typer.Argument(help="Piece id (DATE__ARTIST).")]) -> None:
    """Show a piece: song, critique, files and its decisions so far."""
    import json

    wh = _warehouse()
    rows = wh.query(
        """SELECT l.title, l.lyrics, l.revision, a.name, r.score, r.summary, r.strengths, r.issues, t.mp3_path, v.path AS video
           FROM lyrics l JOIN artists a USING (artist_id) LEFT JOIN reflections r USING (piece_id)
           LEFT JOIN tracks t USING (piece_id) LEFT JOIN videos v USING (piece_id) WHERE l.piece_id = ?""",
        [piece],
    )
    if not rows:
        raise typer.BadParameter(f"no piece {piece!r} (see `ai-artist review list`)")
    r = rows[0]
    console.print(f"[bold]{r['name']} — {r['title']}[/bold]  ({piece})")
    if r["revision"]:
        console.print(f"regenerated {r['revision']}", highlight=False, soft_wrap=True)
    if r["score"] is not None:
        console.print(f"critic {r['score']}/10: {r['summary']}")
        for point in json.loads(r["strengths"]) + json.loads(r["issues"]):
            console.print(f"  • {point}")
    for section in json.loads(r["lyrics"])["sections"]:
        console.print(f"[dim]{section['label']}[/dim]")
        for line in section["lines"]:
            console.print(f"  {line}")
    store = media.configured()  # with an object store: fetched to this machine to play
    audio, video = (store.local(p) if p else None for p in (r["mp3_path"], r["video"]))
    console.print(f"audio {audio}\nvideo {video}")
    history = wh.query(
        "SELECT decision, decided_by, feedback, decided_at FROM review_decisions WHERE piece_id = ? ORDER BY decided_at",
        [piece],
    )
    for h in history:
        note = f" — {h['feedback']}" if h["feedback"] else ""
        console.print(f"[dim]{h['decided_at']:%Y-%m-%d %H:%M}[/dim] {h['decision']} by {h['decided_by']}{note}")


def _run_for(pieces: list[dict], job_name: str, label: str, run_config: dict | None = None) -> None:
    """Materialize what follows from a decision, in this process, on the project's instance."""
    import dagster as dg

    from ai_artist_dagster.cli.cycle import execute_here, prepare_instance_home, recover_abandoned_runs
    from ai_artist_dagster.definitions import defs as load_defs
    from ai_artist_dagster.lib.partitions import artist_day_key

    prepare_instance_home()
    job = load_defs().resolve_job_def(job_name)
    with dg.DagsterInstance.get() as instance:
        recover_abandoned_runs(instance)
        for piece in pieces:
            outcome = execute_here(
                job, instance, run_config, partition_key=artist_day_key(piece["date"], piece["artist_id"])
            )
            state = label if outcome.success else f"FAILED (run {outcome.run_id}; see `dagster dev`)"
            console.print(f"{piece['piece_id']}: {state}")


@review_app.command()
def approve(
    pieces: Annotated[list[str] | None, typer.Argument(help="Piece ids (DATE__ARTIST).")] = None,
    all_pending: Annotated[bool, typer.Option("--all", help="Approve every pending piece.")] = False,
) -> None:
    """Approve pieces, then package and deliver their releases."""
    approved = _decide(pieces or [], all_pending, "approved", None)
    if approved:
        _run_for(approved, "release_job", "release packaged and delivered")


@review_app.command()
def allow(
    piece: Annotated[str, typer.Argument(help="Piece id (DATE__ARTIST) whose release the gate refused.")],
    rule: Annotated[
        list[str], typer.Option(help="A refused rule to let through (repeat for several; see `ai-artist status`).")
    ],
    reason: Annotated[str, typer.Option(help="Why it may go out (kept with the allowance).")],
    by: Annotated[str, typer.Option(help="Who allows it.")] = "operator",
) -> None:
    """Let a release the pre-delivery gate refused through the named rules, then check and deliver it again."""
    from ai_artist_dagster.domain.release_gate import RULES
    from ai_artist_dagster.lib.warehouse import now, replace_rows

    wh = _warehouse()
    rows = wh.query(
        "SELECT r.release_id, r.date, r.artist_id, r.piece_id, g.refused FROM releases r "
        "LEFT JOIN release_gate g USING (release_id) WHERE r.piece_id = ?",
        [piece],
    )
    if not rows:
        raise typer.BadParameter(f"{piece} has no release", param_hint="PIECE")
    if unknown := sorted(set(rule) - set(RULES)):
        raise typer.BadParameter(f"unknown rule(s) {unknown}; one of {', '.join(RULES)}", param_hint="--rule")
    release = {**rows[0], "date": str(rows[0]["date"])}
    with wh.write() as con:
        for name in rule:
            key = {"release_id": release["release_id"], "rule": name}
            replace_rows(
                con, "gate_allowances", key, [{**key, "allowed_by": by, "reason": reason, "allowed_at": now()}]
            )
    console.print(f"{piece}: {', '.join(rule)} allowed by {by} ({reason}); was refused: {release['refused'] or 'none'}")
    _run_for([release], "release_job", "gate checked again and delivered")


@review_app.command()
def reject(
    pieces: Annotated[list[str] | None, typer.Argument(help="Piece ids (DATE__ARTIST).")] = None,
    all_pending: Annotated[bool, typer.Option("--all", help="Reject every pending piece.")] = False,
    feedback: Annotated[str | None, typer.Option(help="Why (kept with the decision).")] = None,
) -> None:
    """Reject pieces (counts towards the artist's retirement threshold)."""
    _decide(pieces or [], all_pending, "rejected", feedback)


@review_app.command()
def regenerate(
    pieces: Annotated[list[str] | None, typer.Argument(help="Piece ids (DATE__ARTIST).")] = None,
    all_pending: Annotated[bool, typer.Option("--all", help="Regenerate every pending piece.")] = False,
    feedback: Annotated[str | None, typer.Option(help="What to change; goes into the lyric prompt.")] = None,
) -> None:
    """Make pieces again (lyrics, track, video, critique) with the feedback; they come back for review."""
    chosen = _decide(pieces or [], all_pending, "regenerate", feedback)
    if chosen:
        config = {"ops": {"lyrics": {"config": {"feedback": feedback, "regenerate": True}}}}
        _run_for(chosen, "content_job", "regenerated; pending review again", config)
