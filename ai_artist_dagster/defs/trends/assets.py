"""Trend assets: chart entries and audio features in, a trend report out (dbt in between)."""

import datetime as dt

import dagster as dg

from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.defs.trends.resources import ChartSourceResource
from ai_artist_dagster.lib import markdown
from ai_artist_dagster.lib.partitions import chart_date_partitions
from ai_artist_dagster.lib.plots import bar_chart_png, markdown_image
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.schemas import GenreNiche, TraitMomentum, TrendReport
from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows, now, replace_rows
from ai_artist_dagster.providers.charts import ChartUnavailableError


@dg.asset(
    kinds={"duckdb", "parquet"},
    pool=DUCKDB_WRITE,
)
def audio_features(charts: ChartSourceResource, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Audio features (tempo, key, mode, energy, valence…) and genres of every song the chart
    source can chart, loaded into the warehouse table `audio_features`."""
    source = charts.get()
    rows = [f.model_dump() for f in source.audio_features()]
    with warehouse.get().write() as con:
        replace_rows(con, "audio_features", {"source": source.name}, rows)
    with_tempo = sum(1 for r in rows if r["tempo"])
    return dg.MaterializeResult(
        metadata={
            "source": source.name,
            "dagster/row_count": len(rows),
            "songs_with_features": with_tempo,
            "songs_with_genres": sum(1 for r in rows if r["genres"]),
        }
    )


@dg.asset(
    kinds={"duckdb"},
    partitions_def=chart_date_partitions,
    pool=DUCKDB_WRITE,
)
def chart_entries(
    context: dg.AssetExecutionContext, charts: ChartSourceResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The chart in force on each day of the partition range, one row per position, from the
    configured chart source (bundled Spotify PH daily replay by default). Rows that fail validation
    go to `chart_rejects` with their reason; nothing is dropped silently."""
    source = charts.get()
    window = context.partition_time_window
    first, last = window.start.date(), (window.end - dt.timedelta(days=1)).date()
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    loaded, rejected, top = 0, 0, []
    with warehouse.get().write() as con:
        for day in days:
            try:
                pull = source.fetch_chart(day)
            except ChartUnavailableError as exc:
                raise dg.Failure(f"chart_entries {day}: {exc}") from exc
            stamp = now()
            loaded += replace_rows(
                con,
                "chart_entries",
                {"source": source.name, "chart_date": day},
                [e.model_dump() | {"loaded_at": stamp} for e in pull.entries],
            )
            con.execute("DELETE FROM chart_rejects WHERE source = ? AND chart_date = ?", [source.name, day])
            insert_rows(
                con,
                "chart_rejects",
                [{"chart_date": day, "source": source.name, **r, "loaded_at": stamp} for r in pull.rejected],
            )
            rejected += len(pull.rejected)
            if pull.rejected:
                context.log.warning(f"{day}: {len(pull.rejected)} chart rows rejected (see table chart_rejects)")
            top = pull.entries[:10]
    top_table = markdown.table(
        ["#", "title", "performer", "streams"], [(e.position, e.title, e.performer, e.streams) for e in top]
    )
    return dg.MaterializeResult(
        metadata={
            "source": source.name,
            "days": len(days),
            "dagster/row_count": loaded,
            "rejected_rows": rejected,
            "top_10 (last day)": dg.MetadataValue.md(top_table),
        }
    )


@dg.asset(
    kinds={"duckdb"},
    partitions_def=chart_date_partitions,
    deps=[dg.AssetKey("trait_momentum")],
    pool=DUCKDB_WRITE,
)
def trend_report(
    context: dg.AssetExecutionContext, charts: ChartSourceResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The rising traits (genre, mood, tempo band, key) of the day, with the chart's leading songs:
    the grounding for new artists and today's songs. Stored in `trend_reports`."""
    date = context.partition_key
    source = charts.get().name
    wh = warehouse.get()
    rows = wh.query(
        "SELECT trait_type, trait_value, share, prev_share, momentum, n_tracks FROM trait_momentum "
        "WHERE chart_date = ? AND source = ? AND share > 0 ORDER BY trait_type, momentum DESC",
        [date, source],
    )
    if not rows:
        raise dg.Failure(
            f"trend_report {date}: no trait momentum for {source} on {date}. Materialize chart_entries "
            f"for {date} (and the 7 days before, for momentum) and the dbt_trends models first."
        )
    by_type: dict[str, list[TraitMomentum]] = {}
    for r in rows:
        by_type.setdefault(r["trait_type"], []).append(TraitMomentum(**r))
    rising = {k: [t for t in v if t.momentum > 0][:5] for k, v in by_type.items()}
    rising = {k: v for k, v in rising.items() if v}  # a falling trait is never listed as rising
    leading = {k: sorted(v, key=lambda t: t.share, reverse=True)[:5] for k, v in by_type.items()}
    songs = wh.query(
        "SELECT title, performer FROM chart_entries WHERE chart_date = ? AND source = ? ORDER BY position LIMIT 5",
        [date, source],
    )
    n_entries = wh.query("SELECT count(*) AS n FROM chart_entries WHERE chart_date = ? AND source = ?", [date, source])[
        0
    ]["n"]
    report = TrendReport(
        chart_date=dt.date.fromisoformat(date),
        source=source,
        n_entries=n_entries,
        rising=rising,
        leading=leading,
        top_songs=[(s["title"], s["performer"]) for s in songs],
        genres=genre_niches(wh, date, source),
    )
    with wh.write() as con:
        replace_rows(
            con,
            "trend_reports",
            {"chart_date": date, "source": source},
            [{"chart_date": date, "source": source, "report": report.model_dump_json(), "created_at": now()}],
        )
    table = markdown.table(
        ["trait", "rising", "share", "momentum", "tracks"],
        [
            (k, t.trait_value, f"{t.share:.1%}", f"{t.momentum:+.2%}", t.n_tracks)
            for k, v in rising.items()
            for t in v[:3]
        ],
    )
    top = sorted((t for v in rising.values() for t in v), key=lambda t: t.momentum, reverse=True)[:10]
    plot = bar_chart_png(
        [f"{t.trait_type}: {t.trait_value}" for t in top],
        [t.momentum * 100 for t in top],
        f"Momentum on {date} (pp of chart share)",
    )
    return dg.MaterializeResult(
        metadata={
            "rising_traits": dg.MetadataValue.md(table),
            "momentum_plot": dg.MetadataValue.md(markdown_image(plot, "momentum")),
            "top_genre": report.top("genre", "-"),
            "top_mood": report.top("mood", "-"),
            "chart_entries": n_entries,
        }
    )


def genre_niches(wh: Warehouse, date: str, source: str) -> dict[str, GenreNiche]:
    """Each genre family's own traits on the day, by chart weight: what a niche's artist sounds like."""
    rows = wh.query(
        """SELECT f.genre_family AS genre, f.key_name, f.tempo_band, f.mood, e.performer, e.weight
           FROM stg_chart_entries e JOIN stg_audio_features f ON f.source = e.source AND f.song_key = e.song_key
           WHERE e.chart_date = ? AND e.source = ? AND f.genre_family IS NOT NULL AND f.genre_family <> 'other'""",
        [date, source],
    )
    by_genre: dict[str, list[dict]] = {}
    for r in rows:
        by_genre.setdefault(r["genre"], []).append(r)
    return {
        genre: GenreNiche(
            songs=len(mine),
            keys=_by_weight(mine, "key_name"),
            tempo_bands=_by_weight(mine, "tempo_band"),
            moods=_by_weight(mine, "mood"),
            performers=_by_weight(mine, "performer")[:8],
        )
        for genre, mine in by_genre.items()
    }


def _by_weight(rows: list[dict], column: str) -> list[str]:
    """The column's values, heaviest total chart weight first (ties by name)."""
    weight: dict[str, float] = {}
    for r in rows:
        if r[column]:
            weight[r[column]] = weight.get(r[column], 0.0) + float(r["weight"] or 0)
    return sorted(weight, key=lambda k: (-weight[k], k))
