"""`cost_report`: what the writer router spent, per day, artist, provider and model."""

import dagster as dg

from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib import markdown
from ai_artist_dagster.lib.plots import markdown_image, stacked_bars_png
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.warehouse import rows_of

# cycle_date: the chart date the call worked for (from its date × artist partition; a profile's calls
# count for the day the artist was created; NULL for work outside any cycle, e.g. error diagnoses);
# day: the UTC day the call was made (wall clock).
COST_SQL = """
SELECT coalesce(TRY_CAST(regexp_extract(c.partition_key, '\\d{4}-\\d{2}-\\d{2}') AS DATE), a.created_on) AS cycle_date,
       CAST(called_at AS DATE) AS day, coalesce(c.artist_id, '(none)') AS artist_id, provider, model,
       count(*) FILTER (WHERE NOT cache_hit) AS calls,
       count(*) FILTER (WHERE cache_hit) AS cache_hits,
       count(*) FILTER (WHERE outcome NOT IN ('ok', 'cache')) AS failures,
       coalesce(sum(tokens_in) FILTER (WHERE NOT cache_hit), 0) AS tokens_in,
       coalesce(sum(tokens_out) FILTER (WHERE NOT cache_hit), 0) AS tokens_out,
       coalesce(sum(cost_usd), 0) AS cost_usd
FROM llm_calls c LEFT JOIN artists a ON a.artist_id = c.artist_id
GROUP BY ALL ORDER BY cycle_date, day, artist_id, provider, model
"""

PER_RELEASE_SQL = """
SELECT count(DISTINCT r.piece_id) AS releases,
       coalesce(sum(c.tokens_in + c.tokens_out) FILTER (WHERE NOT c.cache_hit), 0) AS tokens,
       coalesce(sum(c.cost_usd), 0) AS cost_usd
FROM releases r JOIN llm_calls c
  ON c.partition_key = r.artist_id || '|' || strftime(r.date, '%Y-%m-%d')  -- lyrics + critique of released pieces
"""


@dg.asset(
    kinds={"duckdb"},
    deps=["artist_profiles", "lyrics", "reflections"],
    pool=DUCKDB_WRITE,
    # Declarative: refreshed at :55 every hour by Dagster's automation sensor (no schedule or job of its own
    # to keep in step), so today's spend is always current in the UI; `ai-artist run` ends with it too.
    automation_condition=dg.AutomationCondition.cron_tick_passed("55 * * * *") & ~dg.AutomationCondition.in_progress(),
)
def cost_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Writer spend from the `llm_calls` ledger, per cycle (chart) date, UTC day of the call, artist,
    provider and model: calls, cache hits, failed attempts, tokens and USD; rebuilt whole each time
    (table `cost_report`)."""
    wh = warehouse.get()
    with wh.write() as con:
        con.execute(f"CREATE OR REPLACE TABLE cost_report AS {COST_SQL}")  # rebuilt whole, its schema too
        report = rows_of(con, "SELECT * FROM cost_report ORDER BY cycle_date DESC, cost_usd DESC")
        release_totals = con.execute(PER_RELEASE_SQL).fetchone()
        assert release_totals is not None  # an aggregate without GROUP BY always returns one row
        per_release = dict(zip(["releases", "tokens", "cost_usd"], release_totals, strict=True))
    by_provider: dict[str, dict[str, float]] = {}
    for r in report:
        totals = by_provider.setdefault(r["provider"], {"calls": 0, "cache_hits": 0, "tokens": 0, "cost_usd": 0.0})
        totals["calls"] += r["calls"]
        totals["cache_hits"] += r["cache_hits"]
        totals["tokens"] += r["tokens_in"] + r["tokens_out"]
        totals["cost_usd"] += r["cost_usd"]
    table = markdown.table(
        ["provider", "calls", "cache hits", "tokens", "USD"],
        [
            (p, t["calls"], t["cache_hits"], f"{t['tokens']:,}", f"{t['cost_usd']:.4f}")
            for p, t in sorted(by_provider.items())
        ],
    )
    days = sorted({str(r["cycle_date"]) for r in report if r["cycle_date"]})[-14:]
    series = {
        p: [sum(r["cost_usd"] for r in report if r["provider"] == p and str(r["cycle_date"]) == d) for d in days]
        for p in by_provider
    }
    releases = per_release["releases"] or 0
    metadata: dict[str, dg.RawMetadataValue] = {
        "total_usd": round(sum(t["cost_usd"] for t in by_provider.values()), 6),
        "rows": len(report),
        "by_provider": dg.MetadataValue.md(table if by_provider else "no calls yet"),
        "releases": releases,
        "tokens_per_release": round(per_release["tokens"] / releases) if releases else 0,
        "usd_per_release": round(per_release["cost_usd"] / releases, 6) if releases else 0.0,
    }
    if days:
        metadata["spend_by_day"] = dg.MetadataValue.md(
            markdown_image(stacked_bars_png(days, series, "USD per cycle date by provider (last 14)"), "spend by day")
        )
    context.log.info(f"cost report: {len(report)} rows, ${metadata['total_usd']} in total")
    return dg.MaterializeResult(metadata=metadata)
