"""`artist_evolution`: new profile versions from evidence, explained."""

import datetime as dt
import json

import dagster as dg

from ai_artist_dagster.defs.analytics.resources import EvolutionResource
from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource
from ai_artist_dagster.lib import markdown, records
from ai_artist_dagster.lib.files import atomic_write_text
from ai_artist_dagster.lib.partitions import chart_date_partitions
from ai_artist_dagster.lib.paths import artist_dir
from ai_artist_dagster.lib.pools import DUCKDB_WRITE
from ai_artist_dagster.lib.schemas import ArtistProfile
from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows, now, replace_rows

EVOLVING = ("candidate", "active", "paused")


def _evidence(wh: Warehouse, artist_id: str, date: str, critic_weight: float, rising_moods: list[str]):
    """(current profile, its evidence) for one artist on ``date``."""
    from ai_artist_dagster.domain.evolution.bandit import Posterior
    from ai_artist_dagster.domain.evolution.evolve import EvolutionEvidence, ThemeEvidence
    from ai_artist_dagster.domain.evolution.queries import REVIEWS_SINCE, THEME_OUTCOMES, artist_params

    versions = wh.query(
        "SELECT p.version, p.profile, coalesce(p.effective_on, a.created_on) AS effective_on "
        "FROM profile_versions p JOIN artists a USING (artist_id) WHERE artist_id = ? ORDER BY version",
        [artist_id],
    )
    first = ArtistProfile.model_validate_json(versions[0]["profile"])
    current = ArtistProfile.model_validate_json(versions[-1]["profile"])
    since = versions[-1]["effective_on"]
    reviews = wh.query(REVIEWS_SINCE, artist_params(date, artist_id, critic_weight, since=since))[0]
    tempo = wh.query(
        "SELECT arm, pieces, trials, successes, alpha, beta, posterior_mean AS mean, ci_low, ci_high, prob_best "
        "FROM variant_stats WHERE date = ? AND artist_id = ? AND dimension = 'tempo_offset' ORDER BY arm",
        [date, artist_id],
    )
    themes = {
        r["theme"]: ThemeEvidence(approved=r["approved"], rejected=r["rejected"])
        for r in wh.query(THEME_OUTCOMES, artist_params(date, artist_id))
    }
    evidence = EvolutionEvidence(
        date=dt.date.fromisoformat(date),
        first_tempo_bpm=first.tempo_bpm,
        days_since_version=(dt.date.fromisoformat(date) - since).days,
        reviews_since_version=reviews["reviews"],
        approval_rate_since_version=reviews["approval_rate"],
        tempo_arms=[Posterior(**r) for r in tempo],
        themes=themes,
        rising_moods=rising_moods,
    )
    return current, evidence


def _versions(outcome: dict) -> str:
    to = outcome["to_version"]
    return f"v{outcome['from_version']}" + (f" → v{to}" if to else "")


@dg.asset(
    kinds={"duckdb", "json"},
    partitions_def=chart_date_partitions,
    deps=["variant_stats", "artist_metrics", "trend_report"],
    pool=DUCKDB_WRITE,
)
def artist_evolution(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    storage: StorageResource,
    evolution: EvolutionResource,
) -> dg.MaterializeResult:
    """For each live artist, a new profile version when the evidence is sufficient (enough human
    reviews and days since the current version): tempo toward the tempo arm that is most probably
    best, lyric themes toward approved ones, mood and palette toward the chart's rising mood when
    reviewers approve too little — the core identity (name, backstory, genre, key) stays. Writes
    `profile_versions` (old → new, with the changes) and `evolution_log` (every artist's outcome
    and why); re-running a day never makes a second version."""
    from ai_artist_dagster.domain.evolution.evolve import not_ready, propose_evolution

    date = context.partition_key
    wh = warehouse.get()
    rules = evolution.rules()
    trend = records.latest_trend_report(wh, date)
    rising_moods = [t.trait_value for t in trend.rising.get("mood", [])]
    done = {
        r["artist_id"]
        for r in wh.query("SELECT artist_id FROM evolution_log WHERE date = ? AND outcome = 'evolved'", [date])
    }
    artists = wh.query(
        "SELECT artist_id FROM artists a WHERE list_contains(?, status) "
        "AND EXISTS (SELECT 1 FROM profile_versions p WHERE p.artist_id = a.artist_id) ORDER BY artist_id",
        [list(EVOLVING)],
    )
    log, explanations = [], []
    for row in artists:
        artist_id = row["artist_id"]
        if artist_id in done:
            continue
        profile, evidence = _evidence(wh, artist_id, date, evolution.critic_weight, rising_moods)
        entry = {
            "date": date,
            "artist_id": artist_id,
            "from_version": profile.version,
            "to_version": None,
            "evidence": evidence.model_dump_json(),
            "created_at": now(),
        }
        reason = not_ready(profile, evidence, rules)
        proposal = None if reason else propose_evolution(profile, evidence, rules)
        if reason or proposal is None:
            log.append({**entry, "outcome": "waiting" if reason else "kept", "reason": reason or "no change indicated"})
            continue
        explanation = proposal.markdown(evidence)
        new = proposal.profile
        with wh.write() as con:
            insert_rows(
                con,
                "profile_versions",
                [
                    {
                        "artist_id": artist_id,
                        "version": new.version,
                        "profile": new.model_dump_json(),
                        "creation_report": explanation,
                        "provider": "evolution",
                        "created_at": now(),
                        "effective_on": date,
                        "previous_version": profile.version,
                        "changes": json.dumps([c.model_dump(mode="json") for c in proposal.changes]),
                    }
                ],
            )
            insert_rows(
                con,
                "evolution_log",
                [
                    {
                        **entry,
                        "outcome": "evolved",
                        "to_version": new.version,
                        "reason": "; ".join(c.field for c in proposal.changes),
                    }
                ],
            )
        storage.media().publish(
            atomic_write_text(
                artist_dir(storage.root, artist_id) / f"profile_v{new.version}.json", new.model_dump_json(indent=2)
            )
        )
        context.log.info(
            f"{artist_id}: profile v{profile.version} → v{new.version} ({', '.join(c.field for c in proposal.changes)})"
        )
        explanations.append(f"### {new.name} ({artist_id})\n\n{explanation}")
    with wh.write() as con:
        for entry in log:
            replace_rows(con, "evolution_log", {"date": date, "artist_id": entry["artist_id"]}, [entry])
    outcomes = wh.query(
        "SELECT artist_id, outcome, from_version, to_version, reason FROM evolution_log WHERE date = ? ORDER BY artist_id",
        [date],
    )
    table = markdown.table(
        ["artist", "outcome", "version", "why"],
        [(o["artist_id"], o["outcome"], _versions(o), o["reason"]) for o in outcomes],
    )
    return dg.MaterializeResult(
        metadata={
            "evolved": sum(1 for o in outcomes if o["outcome"] == "evolved"),
            "outcomes": dg.MetadataValue.md(table),
            "why": dg.MetadataValue.md("\n\n".join(explanations) or "No profile changed today."),
        }
    )
