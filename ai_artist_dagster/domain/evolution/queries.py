"""The SQL of the evolution metrics (shared by the analytics assets, the arm chooser and bench/).

Every query takes ``$as_of`` and counts pieces dated *before* that day: the evidence a day's
decisions (roster, arms, evolution) could see. ``$critic_weight`` is how much an autopilot
approval counts, as the critic's score / 10, next to a human decision (weight 1). Where no human
decided, an arm is rewarded by the critic's parts that arm can move: the lyric prompt variant by
the text parts, the musical and video arms by the objective parts (`$text_dimensions`).
"""

from ai_artist_dagster.domain.evolution.arms import PROFILE_RELATIVE, TEXT_DIMENSIONS

# One row per piece with a final outcome: its reward (0..1) and how much it weighs.
OUTCOMES = """
outcomes AS (
    SELECT ps.piece_id, ps.artist_id, ps.date, ps.decision, ps.decided_by <> 'autopilot' AS human,
           r.objective_score, r.text_score,
           CASE WHEN ps.decided_by = 'autopilot' THEN coalesce(r.score, 5.0) / 10.0
                WHEN ps.decision = 'approved' THEN 1.0 ELSE 0.0 END AS reward,
           CASE WHEN ps.decided_by = 'autopilot' THEN $critic_weight ELSE 1.0 END AS weight
    FROM piece_status ps LEFT JOIN reflections r USING (piece_id)
    WHERE ps.decision IN ('approved', 'rejected', 'regenerate') AND ps.date < $as_of
)"""

# The profile version in force on $as_of per artist.
CURRENT_VERSION = """
current_version AS (
    SELECT artist_id, max(version) AS version FROM profile_versions
    WHERE coalesce(effective_on, DATE '1900-01-01') <= $as_of GROUP BY artist_id  -- undated: always in force
)"""

# Evidence per artist, dimension and arm. Profile-relative dimensions count only pieces made
# under the current profile version.
ARM_EVIDENCE = f"""
WITH {OUTCOMES}, {CURRENT_VERSION}
SELECT a.artist_id, a.dimension, a.arm, count(*) AS pieces,
       sum(o.weight) AS trials,
       sum(o.weight * CASE WHEN o.human THEN o.reward
                           WHEN list_contains($text_dimensions, a.dimension) THEN coalesce(o.text_score, o.reward)
                           ELSE coalesce(o.objective_score, o.reward) END) AS successes
FROM arm_assignments a
JOIN outcomes o USING (piece_id)
LEFT JOIN current_version v ON v.artist_id = a.artist_id
WHERE NOT list_contains($profile_relative, a.dimension) OR a.profile_version = v.version
GROUP BY ALL
"""

ARTIST_METRICS = f"""
WITH {OUTCOMES}, {CURRENT_VERSION},
pieces AS (
    SELECT artist_id, count(*) AS pieces FROM lyrics WHERE date < $as_of GROUP BY artist_id
),
reviews AS (
    SELECT artist_id,
           count(*) FILTER (WHERE human) AS reviewed,
           count(*) FILTER (WHERE human AND decision = 'approved') AS approvals,
           count(*) FILTER (WHERE human AND decision = 'rejected') AS rejections,
           count(*) FILTER (WHERE human AND decision = 'regenerate') AS regenerations,
           count(*) FILTER (WHERE NOT human) AS autopilot_approvals,
           max(date) FILTER (WHERE decision = 'approved') AS last_approved_on
    FROM outcomes GROUP BY artist_id
),
recent AS (
    SELECT artist_id, count(*) AS recent_reviews, avg(reward) AS recent_approval_rate
    FROM (SELECT *, row_number() OVER (PARTITION BY artist_id ORDER BY date DESC, piece_id DESC) AS rn
          FROM outcomes WHERE human)
    WHERE rn <= $recent_window GROUP BY artist_id
),
streak AS (
    SELECT o.artist_id, count(*) AS consecutive_rejections
    FROM outcomes o LEFT JOIN reviews r USING (artist_id)
    WHERE o.decision = 'rejected' AND o.date > coalesce(r.last_approved_on, DATE '1900-01-01')
    GROUP BY o.artist_id
),
critic AS (
    SELECT artist_id, avg(score) AS mean_critic_score FROM reflections WHERE date < $as_of GROUP BY artist_id
),
audio AS (
    SELECT artist_id, avg(measured_tempo_bpm) AS mean_tempo_bpm, avg(integrated_lufs) AS mean_lufs
    FROM tracks WHERE date < $as_of GROUP BY artist_id
),
released AS (
    SELECT artist_id, count(*) AS releases FROM releases WHERE date < $as_of GROUP BY artist_id
),
sales AS (
    SELECT artist_id, sum(quantity) AS streams, sum(revenue_usd) AS revenue_usd
    FROM performance WHERE artist_id IS NOT NULL AND period < $as_of GROUP BY artist_id
),
llm AS (
    SELECT l.artist_id, sum(c.cost_usd) AS llm_cost_usd
    FROM llm_calls c JOIN lyrics l ON c.partition_key = l.artist_id || '|' || strftime(l.date, '%Y-%m-%d')
    WHERE l.date < $as_of GROUP BY l.artist_id
),
music AS (
    SELECT m.artist_id, sum(m.cost_usd) AS music_cost_usd
    FROM music_calls m JOIN lyrics l USING (piece_id) WHERE l.date < $as_of GROUP BY m.artist_id
)
SELECT CAST($as_of AS DATE) AS date, a.artist_id, a.niche->>'genre' AS genre, a.status,
       v.version AS profile_version,
       coalesce(p.pieces, 0) AS pieces, coalesce(rv.reviewed, 0) AS reviewed,
       coalesce(rv.approvals, 0) AS approvals, coalesce(rv.rejections, 0) AS rejections,
       coalesce(rv.regenerations, 0) AS regenerations, coalesce(rv.autopilot_approvals, 0) AS autopilot_approvals,
       rv.approvals / nullif(rv.reviewed, 0) AS approval_rate,
       coalesce(rc.recent_reviews, 0) AS recent_reviews, rc.recent_approval_rate,
       coalesce(s.consecutive_rejections, 0) AS consecutive_rejections,
       c.mean_critic_score, au.mean_tempo_bpm, au.mean_lufs,
       coalesce(re.releases, 0) AS releases, coalesce(sa.streams, 0) AS streams,
       coalesce(sa.revenue_usd, 0) AS revenue_usd, coalesce(l.llm_cost_usd, 0) AS llm_cost_usd,
       coalesce(m.music_cost_usd, 0) AS music_cost_usd,
       (coalesce(l.llm_cost_usd, 0) + coalesce(m.music_cost_usd, 0)) / nullif(re.releases, 0) AS cost_per_release_usd
FROM artists a
LEFT JOIN current_version v USING (artist_id)
LEFT JOIN pieces p USING (artist_id)
LEFT JOIN reviews rv USING (artist_id)
LEFT JOIN recent rc USING (artist_id)
LEFT JOIN streak s USING (artist_id)
LEFT JOIN critic c USING (artist_id)
LEFT JOIN audio au USING (artist_id)
LEFT JOIN released re USING (artist_id)
LEFT JOIN sales sa USING (artist_id)
LEFT JOIN llm l USING (artist_id)
LEFT JOIN music m USING (artist_id)
WHERE a.created_on < $as_of OR p.pieces > 0
ORDER BY a.artist_id
"""

# Human outcomes per lyric theme of one artist (evolution's theme evidence).
THEME_OUTCOMES = f"""
WITH {OUTCOMES}
SELECT l.theme,
       count(*) FILTER (WHERE o.decision = 'approved') AS approved,
       count(*) FILTER (WHERE o.decision <> 'approved') AS rejected
FROM outcomes o JOIN lyrics l USING (piece_id)
WHERE o.human AND o.artist_id = $artist_id GROUP BY ALL
"""

# Human reviews of one artist's pieces dated in [$since, $as_of).
REVIEWS_SINCE = f"""
WITH {OUTCOMES}
SELECT count(*) AS reviews, avg(reward) AS approval_rate FROM outcomes
WHERE human AND artist_id = $artist_id AND date >= $since
"""


def arm_evidence_params(as_of: str, critic_weight: float) -> dict[str, object]:
    return {
        "as_of": as_of,
        "critic_weight": critic_weight,
        "profile_relative": sorted(PROFILE_RELATIVE),
        "text_dimensions": sorted(TEXT_DIMENSIONS),
    }


def artist_metrics_params(as_of: str, critic_weight: float, recent_window: int = 10) -> dict[str, object]:
    return {"as_of": as_of, "critic_weight": critic_weight, "recent_window": recent_window}


def artist_params(as_of: str, artist_id: str, critic_weight: float = 0.0, **extra: object) -> dict[str, object]:
    """Parameters of the one-artist queries (THEME_OUTCOMES; REVIEWS_SINCE with ``since``)."""
    return {"as_of": as_of, "critic_weight": critic_weight, "artist_id": artist_id, **extra}
