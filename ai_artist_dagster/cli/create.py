"""`ai-artist artists create`: an artist from an operator's description."""

from __future__ import annotations

from typing import Annotated

import typer

from ai_artist_dagster.cli.inspection import _warehouse, artists_app, console
from ai_artist_dagster.cli.safe import printable


@artists_app.command("create")
def create(
    prompt: Annotated[
        str,
        typer.Option(
            help='Who the artist is, e.g. "a mysterious electronic producer with dark, '
            'atmospheric soundscapes and minimal public presence".'
        ),
    ],
    name: Annotated[str | None, typer.Option(help="The artist's name (default: invented).")] = None,
    date: Annotated[
        str | None, typer.Option(help="Trends of this chart date (default: the latest in the warehouse).")
    ] = None,
) -> None:
    """Add an artist from a description: the genre, mood and tempo it names, the rest from the latest
    trends (a key and tempo band no live artist has, its genre's charting performers as influences).
    It joins the roster as a candidate; the next `ai-artist run` writes its profile (from the
    description) and its first song."""
    import dagster as dg

    from ai_artist_dagster.cli.cycle import prepare_instance_home
    from ai_artist_dagster.defs.artists.create import (
        NoTrendsYet,
        UnpublishableName,
        add_artist_from_prompt,
        review_note,
    )
    from ai_artist_dagster.defs.resources import roster_resource
    from ai_artist_dagster.domain.music_theory import key_name
    from ai_artist_dagster.lib.records import MissingRecordError

    for text, option in ((prompt, "--prompt"), (name or "", "--name")):
        try:  # bytes a terminal could not decode arrive as surrogates: DuckDB then failed with a traceback
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise typer.BadParameter("not UTF-8 text: check the terminal's encoding", param_hint=option) from None
    description = " ".join(prompt.split())
    if not 10 <= len(description) <= 600:
        raise typer.BadParameter("describe the artist in 10 to 600 characters", param_hint="--prompt")
    try:
        prepare_instance_home()
        with dg.DagsterInstance.get() as instance:
            record = add_artist_from_prompt(_warehouse(), instance, roster_resource().rules(), description, name, date)
    except (NoTrendsYet, MissingRecordError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--date") from None
    except UnpublishableName as exc:
        raise typer.BadParameter(printable(str(exc)), param_hint="--name") from None
    n = record.niche
    console.print(
        f"[green]{record.name}[/] ({record.artist_id}) joins the roster as a candidate: {n.genre}, {n.mood}, "
        f"{key_name(n.key, n.mode)}, {n.tempo_bpm} bpm; influences {', '.join(n.influences) or '—'} "
        f"(trends of {record.created_on}). The next `ai-artist run` writes its profile and first song. "
        + review_note(record),
        highlight=False,
        soft_wrap=True,
    )
