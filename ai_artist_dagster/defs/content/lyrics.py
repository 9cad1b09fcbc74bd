"""`lyrics`: the song text for one artist on one day."""

import dagster as dg

from ai_artist_dagster.defs.analytics.resources import EvolutionResource
from ai_artist_dagster.defs.checks import revalidate
from ai_artist_dagster.defs.content.arms import draw_arms, recorded_arms
from ai_artist_dagster.defs.io import PIECE_IO_MANAGER
from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource, WriterResource
from ai_artist_dagster.domain.writer.revision import revision_note
from ai_artist_dagster.lib import markdown, records
from ai_artist_dagster.lib.files import atomic_write_text
from ai_artist_dagster.lib.partitions import artist_day_partitions, split_artist_day
from ai_artist_dagster.lib.paths import piece_dir
from ai_artist_dagster.lib.pools import LLM_API
from ai_artist_dagster.lib.schemas import Lyrics, LyricsBrief
from ai_artist_dagster.lib.seeds import seed_of
from ai_artist_dagster.lib.warehouse import insert_rows, now, replace_rows


class LyricsConfig(dg.Config):
    """Run config: a reviewer's feedback for a regeneration (changes the seed and steers the text);
    ``regenerate`` skips the writer cache even when the request is identical."""

    feedback: str | None = None
    regenerate: bool = False


@dg.asset(
    kinds={"duckdb", "json"},
    partitions_def=artist_day_partitions,
    deps=["artist_profiles", "trend_report"],
    pool=LLM_API,
    io_manager_key=PIECE_IO_MANAGER,
    check_specs=[dg.AssetCheckSpec("lyrics_valid", asset="lyrics", blocking=True)],
)
def lyrics(
    context: dg.AssetExecutionContext,
    config: LyricsConfig,
    writer: WriterResource,
    storage: StorageResource,
    warehouse: WarehouseResource,
    evolution: EvolutionResource,
):  # returns MaterializeResult(value=Lyrics): the value goes to the piece IO manager
    """A structured song (title, theme, verse/chorus/bridge sections with rhyme scheme and meter)
    from the artist's profile and the day's trend report, about the theme the artist's content
    calendar gives this release (its n-th: themes in turn along an arc). First draws the piece's experiment arms
    (prompt variant, tempo offset, instrumentation, energy, teaser style) by Thompson sampling on
    the reviews so far and records them in `arm_assignments`; a regeneration keeps them."""
    from ai_artist_dagster.domain.calendar import ARC_BRIEFS, arc_of

    date, artist_id = split_artist_day(context)
    pid = records.piece_id(date, artist_id)
    wh = warehouse.get()
    profile = records.latest_profile(wh, artist_id)
    arms, new_arms = recorded_arms(wh, pid), list[dict]()
    if arms is None:
        arms, new_arms = draw_arms(wh, evolution, pid, date, artist_id, profile.version)
    seed = seed_of("lyrics", pid, config.feedback or "")
    booking = records.piece_booking(wh, date, artist_id)
    phase, theme = arc_of(booking["number"], profile.themes) if booking else (None, None)
    brief = LyricsBrief(
        profile=profile,
        trend=records.trend_report(wh, date),
        date=date,
        seed=seed,
        prompt_variant=arms.prompt_variant,
        feedback=config.feedback,
        previous_critiques=records.previous_critiques(wh, artist_id, date),
        previous_lines=records.previous_lines(wh, artist_id, date),
        taken_titles=records.catalogue_titles(wh, pid),
        day_lines=records.day_lines(wh, date, artist_id),
        theme=theme,
        arc=f"release {booking['number'] + 1}, {phase}: {ARC_BRIEFS[phase]}" if booking and phase else None,
    )
    generation = writer.generate(
        context, "lyrics", brief, Lyrics, artist_id=artist_id, regenerate=config.regenerate or bool(config.feedback)
    )
    song, calls = generation.result, generation.calls
    earlier = wh.query("SELECT lyrics FROM lyrics WHERE piece_id = ?", [pid])  # a regeneration's first version
    before = Lyrics.model_validate_json(earlier[0]["lyrics"]) if earlier else None
    revision = revision_note(before, song, config.feedback) if before else None  # what the reviewer sees changed
    path = atomic_write_text(piece_dir(storage.root, date, artist_id) / "lyrics.json", song.model_dump_json(indent=2))
    storage.media().publish(path)
    with wh.write() as con:
        replace_rows(
            con,
            "lyrics",
            {"piece_id": pid},
            [
                {
                    "piece_id": pid,
                    "date": date,
                    "artist_id": artist_id,
                    "title": song.title,
                    "theme": song.theme,
                    "prompt_variant": song.prompt_variant,
                    "rhyme_scheme": song.rhyme_scheme,
                    "n_lines": len(song.sung_lines()),
                    "lyrics": song.model_dump_json(),
                    "provider": generation.provider,
                    "prompt_id": generation.prompt.template_id,
                    "profile_version": profile.version,
                    "path": str(path),
                    "revision": revision,
                    "created_at": now(),
                }
            ],
        )
        insert_rows(con, "llm_calls", [c.model_dump() for c in calls])
        insert_rows(con, "arm_assignments", new_arms)
    text = "\n\n".join(f"**[{s.label}]**  \n" + "  \n".join(s.lines) for s in song.sections)
    return dg.MaterializeResult(
        value=song,
        metadata={
            "title": song.title,
            "theme": song.theme,
            "prompt_variant": song.prompt_variant,
            "arms": dg.MetadataValue.md(
                markdown.table(["dimension", "arm", "how"], [(r["dimension"], r["arm"], r["method"]) for r in new_arms])
                if new_arms
                else arms.label + " (kept from the first version of this piece)"
            ),
            "prompt": generation.prompt.template_id,
            "writer": generation.provider,
            "writer_fallback": generation.fallback or "none",
            "lines": len(song.sung_lines()),
            "revision": revision or "first version",
            "lyrics": dg.MetadataValue.md(text),
            "path": dg.MetadataValue.path(str(path)),
        },
        check_results=[dg.AssetCheckResult(check_name="lyrics_valid", **revalidate(Lyrics, path.read_text(), song))],
    )
