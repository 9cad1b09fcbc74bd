"""`artist_metrics` and `variant_stats`: the evidence evolution reads, one partition per day."""

from collections import defaultdict
from typing import Any

import dagster as dg

from ai_artist_dagster.defs.analytics.resources import EvolutionResource
from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib import markdown
from ai_artist_dagster.lib.partitions import chart_date_partitions
from ai_artist_dagster.lib.plots import intervals_png, lines_png, markdown_image
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.warehouse import now, replace_rows

POOLED = "*"  # variant_stats rows over every artist


def _fmt(value, spec: str = ".2f") -> str:
    return "-" if value is None else format(value, spec)


@dg.asset(
    kinds={"duckdb"},
    partitions_def=chart_date_partitions,
    deps=["trend_report"],
    pool=DUCKDB_WRITE,
)
def artist_metrics(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, evolution: EvolutionResource
) -> dg.MaterializeResult:
    """Per artist, the evidence before this day: pieces, human reviews, approvals, rejections and
    regenerations, approval rate (all and last 10 reviews), consecutive rejections, mean critic
    score, measured tempo and loudness, releases, imported streams and revenue, writer and music
    cost per release. Table `artist_metrics` (one row per day × artist); per genre in the view
    `genre_metrics`."""
    from ai_artist_dagster.domain.evolution.queries import ARTIST_METRICS, artist_metrics_params

    date = context.partition_key
    wh = warehouse.get()
    with wh.write() as con:
        con.execute("DELETE FROM artist_metrics WHERE date = ?", [date])
        con.execute(
            f"INSERT INTO artist_metrics BY NAME SELECT *, $computed_at AS computed_at FROM ({ARTIST_METRICS})",
            {**artist_metrics_params(date, evolution.critic_weight), "computed_at": now()},
        )
    rows = wh.query("SELECT * FROM artist_metrics WHERE date = ? ORDER BY artist_id", [date])
    table = markdown.table(
        [
            "artist",
            "status",
            "pieces",
            "reviewed",
            "approval",
            "last 10",
            "rejections in a row",
            "critic",
            "bpm",
            "releases",
            "streams",
            "$/release",
        ],
        [
            (
                r["artist_id"],
                r["status"],
                r["pieces"],
                r["reviewed"],
                _fmt(r["approval_rate"], ".0%"),
                _fmt(r["recent_approval_rate"], ".0%"),
                r["consecutive_rejections"],
                _fmt(r["mean_critic_score"], ".1f"),
                _fmt(r["mean_tempo_bpm"], ".0f"),
                r["releases"],
                f"{r['streams']:,}",
                _fmt(r["cost_per_release_usd"], ".4f"),
            )
            for r in rows
        ],
    )
    metadata: dict[str, dg.RawMetadataValue] = {
        "artists": dg.MetadataValue.md(table),
        "dagster/row_count": len(rows),
        "reviewed": sum(r["reviewed"] for r in rows),
    }
    history = wh.query(
        "SELECT strftime(date, '%Y-%m-%d') AS day, artist_id, recent_approval_rate FROM artist_metrics "
        "WHERE date <= ? AND date > CAST(? AS DATE) - INTERVAL 60 DAY ORDER BY date",
        [date, date],
    )
    if any(h["recent_approval_rate"] is not None for h in history):
        days = sorted({h["day"] for h in history})
        series: dict[str, list[float | None]] = defaultdict(lambda: [None] * len(days))
        for h in history:
            series[h["artist_id"]][days.index(h["day"])] = h["recent_approval_rate"]
        top = dict(sorted(series.items())[:8])
        plot = lines_png(days, top, "Approval rate over the last 10 human reviews", "approved")
        metadata["approval_over_time"] = dg.MetadataValue.md(markdown_image(plot, "approval over time"))
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    kinds={"duckdb"},
    partitions_def=chart_date_partitions,
    deps=["artist_metrics"],
    pool=DUCKDB_WRITE,
)
def variant_stats(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, evolution: EvolutionResource
) -> dg.MaterializeResult:
    """The generation experiment before this day: per artist (and pooled over artists, `*`), per
    dimension and arm, the reviewed pieces, Beta posterior (α, β), posterior mean, 90% credible
    interval and the probability that the arm is the best (Monte Carlo). Table `variant_stats`."""
    from ai_artist_dagster.domain.evolution.arms import DIMENSIONS
    from ai_artist_dagster.domain.evolution.bandit import ArmEvidence, posteriors
    from ai_artist_dagster.domain.evolution.queries import ARM_EVIDENCE, arm_evidence_params

    date = context.partition_key
    wh = warehouse.get()
    evidence: dict[tuple[str, str], dict[str, ArmEvidence]] = defaultdict(dict)
    pieces: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in wh.query(ARM_EVIDENCE, arm_evidence_params(date, evolution.critic_weight)):
        for who in (r["artist_id"], POOLED):
            seen = evidence[(who, r["dimension"])].get(r["arm"], ArmEvidence())
            evidence[(who, r["dimension"])][r["arm"]] = seen.add(r["successes"], r["trials"])
            pieces[(who, r["dimension"])][r["arm"]] += r["pieces"]
    rows: list[dict[str, Any]] = []
    stamp = now()
    for (who, dimension), by_arm in sorted(evidence.items()):
        full = {arm: by_arm.get(arm, ArmEvidence()) for arm in DIMENSIONS[dimension]}
        for p in posteriors(full, pieces[(who, dimension)], seed=len(rows)):
            rows.append(
                {
                    "date": date,
                    "artist_id": who,
                    "dimension": dimension,
                    "arm": p.arm,
                    "pieces": p.pieces,
                    "trials": p.trials,
                    "successes": p.successes,
                    "alpha": p.alpha,
                    "beta": p.beta,
                    "posterior_mean": p.mean,
                    "ci_low": p.ci_low,
                    "ci_high": p.ci_high,
                    "prob_best": p.prob_best,
                    "computed_at": stamp,
                }
            )
    with wh.write() as con:
        replace_rows(con, "variant_stats", {"date": date}, rows)
    pooled = [r for r in rows if r["artist_id"] == POOLED]
    metadata: dict[str, dg.RawMetadataValue] = {"dagster/row_count": len(rows), "arms_with_evidence": len(pooled)}
    if pooled:
        metadata["pooled_arms"] = dg.MetadataValue.md(
            markdown.table(
                ["dimension", "arm", "pieces", "reviews", "mean", "90% CI", "P(best)"],
                [
                    (
                        r["dimension"],
                        r["arm"],
                        r["pieces"],
                        f"{r['trials']:g}",
                        f"{r['posterior_mean']:.2f}",
                        f"{r['ci_low']:.2f}–{r['ci_high']:.2f}",
                        f"{r['prob_best']:.0%}",
                    )
                    for r in pooled
                ],
            )
        )
        plot = intervals_png(
            [f"{r['dimension']} {r['arm']}" for r in pooled],
            [r["posterior_mean"] for r in pooled],
            [r["ci_low"] for r in pooled],
            [r["ci_high"] for r in pooled],
            f"Arm posteriors before {date} (all artists, 90% credible intervals)",
        )
        metadata["arm_posteriors"] = dg.MetadataValue.md(markdown_image(plot, "arm posteriors"))
    return dg.MaterializeResult(metadata=metadata)
