"""DDL of the warehouse tables that assets write (dbt models are defined in dbt_trends/).

Documented for analysts in docs/analytics.md; keep the two in step.
"""

TABLES: dict[str, str] = {
    "chart_entries": """
        chart_date DATE NOT NULL, source VARCHAR NOT NULL, position INTEGER NOT NULL,
        title VARCHAR NOT NULL, performer VARCHAR NOT NULL, song_key VARCHAR NOT NULL,
        streams BIGINT, last_position INTEGER, loaded_at TIMESTAMP NOT NULL,
        PRIMARY KEY (source, chart_date, position)""",
    "chart_rejects": """
        chart_date DATE NOT NULL, source VARCHAR NOT NULL, row VARCHAR NOT NULL,
        error VARCHAR NOT NULL, loaded_at TIMESTAMP NOT NULL""",
    "audio_features": """
        source VARCHAR NOT NULL, song_key VARCHAR NOT NULL, genres VARCHAR[] NOT NULL,
        tempo DOUBLE, key INTEGER, mode INTEGER, energy DOUBLE, valence DOUBLE,
        danceability DOUBLE, duration_ms BIGINT, PRIMARY KEY (source, song_key)""",
    "trend_reports": """
        chart_date DATE NOT NULL, source VARCHAR NOT NULL, report JSON NOT NULL,
        created_at TIMESTAMP NOT NULL, PRIMARY KEY (chart_date, source)""",
    "artists": """
        artist_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, status VARCHAR NOT NULL,
        autopilot BOOLEAN NOT NULL, niche JSON NOT NULL, created_on DATE NOT NULL,
        last_run_on DATE, consecutive_rejections INTEGER NOT NULL, approvals INTEGER NOT NULL,
        updated_at TIMESTAMP NOT NULL, status_since DATE""",
    "lifecycle_events": """
        date DATE NOT NULL, artist_id VARCHAR NOT NULL, old_status VARCHAR, new_status VARCHAR NOT NULL,
        reason VARCHAR NOT NULL, PRIMARY KEY (date, artist_id)""",
    "roster_schedule": """
        date DATE NOT NULL, artist_id VARCHAR NOT NULL, slot INTEGER NOT NULL,
        reason VARCHAR NOT NULL, release_on DATE, PRIMARY KEY (date, artist_id)""",
    # Each artist's content calendar (defs/artists/calendar.py), rebuilt with its profile.
    "content_calendar": """
        artist_id VARCHAR NOT NULL, number INTEGER NOT NULL, release_on DATE NOT NULL, make_on DATE NOT NULL,
        deliver_by DATE NOT NULL, teaser_on DATE NOT NULL, post_on DATE[] NOT NULL, phase VARCHAR NOT NULL,
        theme VARCHAR NOT NULL, piece_id VARCHAR, state VARCHAR NOT NULL, profile_version INTEGER NOT NULL,
        as_of DATE NOT NULL, computed_at TIMESTAMP NOT NULL, PRIMARY KEY (artist_id, number)""",
    "profile_versions": """
        artist_id VARCHAR NOT NULL, version INTEGER NOT NULL, profile JSON NOT NULL,
        creation_report VARCHAR NOT NULL, provider VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        effective_on DATE, previous_version INTEGER, changes JSON, PRIMARY KEY (artist_id, version)""",
    "arm_assignments": """
        piece_id VARCHAR NOT NULL, date DATE NOT NULL, artist_id VARCHAR NOT NULL, dimension VARCHAR NOT NULL,
        arm VARCHAR NOT NULL, method VARCHAR NOT NULL, sample DOUBLE, profile_version INTEGER NOT NULL,
        assigned_at TIMESTAMP NOT NULL, PRIMARY KEY (piece_id, dimension)""",
    "artist_metrics": """
        date DATE NOT NULL, artist_id VARCHAR NOT NULL, genre VARCHAR NOT NULL, status VARCHAR NOT NULL,
        profile_version INTEGER, pieces INTEGER NOT NULL, reviewed INTEGER NOT NULL, approvals INTEGER NOT NULL,
        rejections INTEGER NOT NULL, regenerations INTEGER NOT NULL, autopilot_approvals INTEGER NOT NULL,
        approval_rate DOUBLE, recent_reviews INTEGER NOT NULL, recent_approval_rate DOUBLE,
        consecutive_rejections INTEGER NOT NULL, mean_critic_score DOUBLE, mean_tempo_bpm DOUBLE,
        mean_lufs DOUBLE, releases INTEGER NOT NULL, streams BIGINT NOT NULL, revenue_usd DOUBLE NOT NULL,
        llm_cost_usd DOUBLE NOT NULL, music_cost_usd DOUBLE NOT NULL, cost_per_release_usd DOUBLE,
        computed_at TIMESTAMP NOT NULL, PRIMARY KEY (date, artist_id)""",
    "variant_stats": """
        date DATE NOT NULL, artist_id VARCHAR NOT NULL, dimension VARCHAR NOT NULL, arm VARCHAR NOT NULL,
        pieces INTEGER NOT NULL, trials DOUBLE NOT NULL, successes DOUBLE NOT NULL, alpha DOUBLE NOT NULL,
        beta DOUBLE NOT NULL, posterior_mean DOUBLE NOT NULL, ci_low DOUBLE NOT NULL, ci_high DOUBLE NOT NULL,
        prob_best DOUBLE NOT NULL, computed_at TIMESTAMP NOT NULL, PRIMARY KEY (date, artist_id, dimension, arm)""",
    "evolution_log": """
        date DATE NOT NULL, artist_id VARCHAR NOT NULL, outcome VARCHAR NOT NULL, from_version INTEGER NOT NULL,
        to_version INTEGER, reason VARCHAR NOT NULL, evidence JSON NOT NULL, created_at TIMESTAMP NOT NULL,
        PRIMARY KEY (date, artist_id)""",
    "lyrics": """
        piece_id VARCHAR PRIMARY KEY, date DATE NOT NULL, artist_id VARCHAR NOT NULL,
        title VARCHAR NOT NULL, theme VARCHAR NOT NULL, prompt_variant VARCHAR NOT NULL,
        rhyme_scheme VARCHAR NOT NULL, n_lines INTEGER NOT NULL, lyrics JSON NOT NULL,
        provider VARCHAR NOT NULL, path VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        prompt_id VARCHAR""",
    "tracks": """
        piece_id VARCHAR PRIMARY KEY, date DATE NOT NULL, artist_id VARCHAR NOT NULL,
        wav_path VARCHAR NOT NULL, mp3_path VARCHAR NOT NULL, cover_path VARCHAR NOT NULL,
        duration_s DOUBLE NOT NULL, tempo_bpm DOUBLE NOT NULL, measured_tempo_bpm DOUBLE NOT NULL,
        key INTEGER NOT NULL, mode VARCHAR NOT NULL, integrated_lufs DOUBLE NOT NULL,
        peak_dbfs DOUBLE NOT NULL, provider VARCHAR NOT NULL, params JSON NOT NULL,
        info JSON NOT NULL, created_at TIMESTAMP NOT NULL""",
    "videos": """
        piece_id VARCHAR PRIMARY KEY, date DATE NOT NULL, artist_id VARCHAR NOT NULL,
        path VARCHAR NOT NULL, thumbnail_path VARCHAR NOT NULL, width INTEGER NOT NULL,
        height INTEGER NOT NULL, fps DOUBLE NOT NULL, duration_s DOUBLE NOT NULL,
        video_codec VARCHAR NOT NULL, audio_codec VARCHAR, size_bytes BIGINT NOT NULL,
        track_offset_s DOUBLE NOT NULL, created_at TIMESTAMP NOT NULL, footage JSON, thumbnail_s DOUBLE""",
    "reflections": """
        piece_id VARCHAR PRIMARY KEY, date DATE NOT NULL, artist_id VARCHAR NOT NULL,
        score DOUBLE NOT NULL, summary VARCHAR NOT NULL, strengths JSON NOT NULL,
        issues JSON NOT NULL, suggestions JSON NOT NULL, measurements JSON NOT NULL,
        provider VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, prompt_id VARCHAR""",
    "review_decisions": """
        decision_id VARCHAR PRIMARY KEY, piece_id VARCHAR NOT NULL, date DATE NOT NULL,
        artist_id VARCHAR NOT NULL, decision VARCHAR NOT NULL, decided_by VARCHAR NOT NULL,
        feedback VARCHAR, decided_at TIMESTAMP NOT NULL""",
    "review_messages": """
        piece_id VARCHAR NOT NULL, channel VARCHAR NOT NULL, chat_id BIGINT NOT NULL,
        message_id BIGINT NOT NULL, sent_at TIMESTAMP NOT NULL, PRIMARY KEY (channel, chat_id, message_id)""",
    "releases": """
        release_id VARCHAR PRIMARY KEY, piece_id VARCHAR NOT NULL UNIQUE, date DATE NOT NULL,
        artist_id VARCHAR NOT NULL, title VARCHAR NOT NULL, path VARCHAR NOT NULL,
        manifest JSON NOT NULL, created_at TIMESTAMP NOT NULL, isrc VARCHAR UNIQUE,
        video_isrc VARCHAR UNIQUE, upc VARCHAR UNIQUE, release_date DATE, teaser_date DATE, deliver_by DATE""",
    # ERN messages sent after a release's first delivery: updates (a new release date) and takedowns.
    "release_messages": """
        message_id VARCHAR PRIMARY KEY, release_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        release_date DATE NOT NULL, end_date DATE, reason VARCHAR NOT NULL, requested_by VARCHAR NOT NULL,
        target VARCHAR NOT NULL, batch_id VARCHAR NOT NULL, status VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL""",
    # Codes a piece reserved before its release is written (defs/releases/codes.py): the earliest
    # committed reservation of a code keeps it, so concurrent writers never share one.
    "code_reservations": """
        piece_id VARCHAR NOT NULL, isrc VARCHAR NOT NULL, video_isrc VARCHAR NOT NULL, upc VARCHAR NOT NULL,
        reserved_at TIMESTAMP NOT NULL""",
    # The pre-delivery gate (defs/releases/gate.py): its verdict per release, the audio fingerprint it
    # compared, and the rules an operator allowed.
    "release_gate": """
        release_id VARCHAR PRIMARY KEY, piece_id VARCHAR NOT NULL, artist_id VARCHAR NOT NULL, date DATE NOT NULL,
        passed BOOLEAN NOT NULL, refused VARCHAR[] NOT NULL, findings JSON NOT NULL, checked_at TIMESTAMP NOT NULL""",
    "release_fingerprints": """
        release_id VARCHAR PRIMARY KEY, piece_id VARCHAR NOT NULL, artist_id VARCHAR NOT NULL,
        fingerprint BLOB NOT NULL, computed_at TIMESTAMP NOT NULL, audio_sha256 VARCHAR""",
    "gate_allowances": """
        release_id VARCHAR NOT NULL, rule VARCHAR NOT NULL, allowed_by VARCHAR NOT NULL, reason VARCHAR NOT NULL,
        allowed_at TIMESTAMP NOT NULL, PRIMARY KEY (release_id, rule)""",
    # Teaser posts per platform (defs/releases/social.py): one row per release and platform, kept up to date.
    "social_posts": """
        release_id VARCHAR NOT NULL, platform VARCHAR NOT NULL, piece_id VARCHAR NOT NULL, target VARCHAR NOT NULL,
        status VARCHAR NOT NULL, scheduled_at TIMESTAMP NOT NULL, platform_post_id VARCHAR, location VARCHAR NOT NULL,
        caption VARCHAR NOT NULL, hashtags VARCHAR[] NOT NULL, quota_units INTEGER NOT NULL, error VARCHAR,
        attempts INTEGER NOT NULL, updated_at TIMESTAMP NOT NULL, not_before TIMESTAMP,
        PRIMARY KEY (release_id, platform)""",
    "deliveries": """
        release_id VARCHAR NOT NULL, target VARCHAR NOT NULL, batch_id VARCHAR NOT NULL,
        piece_id VARCHAR NOT NULL, status VARCHAR NOT NULL, remote_path VARCHAR, files INTEGER,
        bytes BIGINT, attempts INTEGER, error VARCHAR, updated_at TIMESTAMP NOT NULL, delivered_at TIMESTAMP,
        PRIMARY KEY (release_id, target)""",
    "llm_calls": """
        call_id VARCHAR PRIMARY KEY, called_at TIMESTAMP NOT NULL, provider VARCHAR NOT NULL,
        model VARCHAR NOT NULL, task VARCHAR NOT NULL, partition_key VARCHAR NOT NULL,
        tokens_in INTEGER NOT NULL, tokens_out INTEGER NOT NULL, latency_ms DOUBLE NOT NULL,
        cost_usd DOUBLE NOT NULL, cache_hit BOOLEAN NOT NULL, outcome VARCHAR NOT NULL,
        error VARCHAR, run_id VARCHAR, artist_id VARCHAR, prompt_id VARCHAR, attempt INTEGER""",
    "music_calls": """
        call_id VARCHAR PRIMARY KEY, called_at TIMESTAMP NOT NULL, run_id VARCHAR NOT NULL,
        piece_id VARCHAR NOT NULL, artist_id VARCHAR NOT NULL, provider VARCHAR NOT NULL,
        outcome VARCHAR NOT NULL, job_id VARCHAR, error_kind VARCHAR, error VARCHAR,
        credits DOUBLE NOT NULL, cost_usd DOUBLE NOT NULL, latency_s DOUBLE NOT NULL""",
    "performance_imports": """
        report_id VARCHAR PRIMARY KEY, file_name VARCHAR NOT NULL, format VARCHAR NOT NULL,
        rows INTEGER NOT NULL, rejected INTEGER NOT NULL, matched INTEGER NOT NULL, imported_at TIMESTAMP NOT NULL""",
    "performance": """
        report_id VARCHAR NOT NULL, row_number INTEGER NOT NULL, format VARCHAR NOT NULL, period DATE NOT NULL,
        store VARCHAR NOT NULL, country VARCHAR, isrc VARCHAR, upc VARCHAR, title VARCHAR, artist_name VARCHAR,
        quantity BIGINT NOT NULL, revenue_usd DOUBLE NOT NULL, release_id VARCHAR, artist_id VARCHAR,
        piece_id VARCHAR, imported_at TIMESTAMP NOT NULL, PRIMARY KEY (report_id, row_number)""",
    "performance_rejects": """
        report_id VARCHAR NOT NULL, file_name VARCHAR NOT NULL, row_number INTEGER NOT NULL, row VARCHAR NOT NULL,
        error VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL, PRIMARY KEY (report_id, row_number)""",
    "error_reports": """
        run_id VARCHAR PRIMARY KEY, job VARCHAR NOT NULL, partition_key VARCHAR, step VARCHAR,
        error_class VARCHAR, message VARCHAR NOT NULL, category VARCHAR NOT NULL, summary VARCHAR NOT NULL,
        likely_cause VARCHAR NOT NULL, next_steps JSON NOT NULL, suggested_patch VARCHAR,
        provider VARCHAR NOT NULL, notified BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL""",
    "cost_report": """
        cycle_date DATE, day DATE NOT NULL, artist_id VARCHAR NOT NULL, provider VARCHAR NOT NULL,
        model VARCHAR NOT NULL, calls BIGINT NOT NULL, cache_hits BIGINT NOT NULL, failures BIGINT NOT NULL,
        tokens_in HUGEINT NOT NULL, tokens_out HUGEINT NOT NULL, cost_usd DOUBLE NOT NULL""",
}

# Columns added after a table first shipped: existing warehouses gain them in place.
MIGRATIONS: list[str] = [
    "ALTER TABLE llm_calls ADD COLUMN IF NOT EXISTS run_id VARCHAR",
    "ALTER TABLE llm_calls ADD COLUMN IF NOT EXISTS artist_id VARCHAR",
    "ALTER TABLE llm_calls ADD COLUMN IF NOT EXISTS prompt_id VARCHAR",
    "ALTER TABLE llm_calls ADD COLUMN IF NOT EXISTS attempt INTEGER",
    "ALTER TABLE lyrics ADD COLUMN IF NOT EXISTS prompt_id VARCHAR",
    "ALTER TABLE reflections ADD COLUMN IF NOT EXISTS prompt_id VARCHAR",
    "ALTER TABLE reflections ADD COLUMN IF NOT EXISTS parts JSON",
    "ALTER TABLE artists ADD COLUMN IF NOT EXISTS prompt VARCHAR",
    "ALTER TABLE reflections ADD COLUMN IF NOT EXISTS objective_score DOUBLE",
    "ALTER TABLE reflections ADD COLUMN IF NOT EXISTS text_score DOUBLE",
    "ALTER TABLE videos ADD COLUMN IF NOT EXISTS footage JSON",
    "ALTER TABLE releases ADD COLUMN IF NOT EXISTS isrc VARCHAR",
    "ALTER TABLE releases ADD COLUMN IF NOT EXISTS video_isrc VARCHAR",
    "ALTER TABLE releases ADD COLUMN IF NOT EXISTS upc VARCHAR",
    "ALTER TABLE artists ADD COLUMN IF NOT EXISTS status_since DATE",
    "ALTER TABLE profile_versions ADD COLUMN IF NOT EXISTS effective_on DATE",
    "ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS delivered_at TIMESTAMP",
    "ALTER TABLE lyrics ADD COLUMN IF NOT EXISTS profile_version INTEGER",
    "ALTER TABLE performance ADD COLUMN IF NOT EXISTS period_grain VARCHAR",
    "ALTER TABLE profile_versions ADD COLUMN IF NOT EXISTS previous_version INTEGER",
    "ALTER TABLE profile_versions ADD COLUMN IF NOT EXISTS changes JSON",
    "ALTER TABLE roster_schedule ADD COLUMN IF NOT EXISTS release_on DATE",
    "ALTER TABLE releases ADD COLUMN IF NOT EXISTS release_date DATE",
    "ALTER TABLE releases ADD COLUMN IF NOT EXISTS teaser_date DATE",
    "ALTER TABLE releases ADD COLUMN IF NOT EXISTS deliver_by DATE",
    "ALTER TABLE social_posts ADD COLUMN IF NOT EXISTS not_before TIMESTAMP",
    "ALTER TABLE videos ADD COLUMN IF NOT EXISTS thumbnail_s DOUBLE",
    "ALTER TABLE release_fingerprints ADD COLUMN IF NOT EXISTS audio_sha256 VARCHAR",
    "ALTER TABLE lyrics ADD COLUMN IF NOT EXISTS revision VARCHAR",
]

VIEWS: dict[str, str] = {
    # The current state of each piece: its latest review decision (an aggregate, not a window:
    # 3× faster over millions of decisions).
    "piece_status": """
        SELECT piece_id, date, artist_id, latest.decision AS decision, latest.decided_by AS decided_by,
               latest.feedback AS feedback, latest.decided_at AS decided_at, review_round, round_started_at
        FROM (SELECT piece_id, any_value(date) AS date, any_value(artist_id) AS artist_id,
                     max_by(struct_pack(decision, decided_by, feedback, decided_at), (decided_at, decision_id)) AS latest,
                     count(*) FILTER (WHERE decision = 'pending') AS review_round,
                     max(decided_at) FILTER (WHERE decision = 'pending') AS round_started_at
              FROM review_decisions GROUP BY piece_id)""",
    # One row per piece: who, what arms, what came out, what it cost and earned (analysts start here).
    "piece_facts": """
        WITH arms AS (
            SELECT piece_id, any_value(profile_version) AS profile_version,
                   max(arm) FILTER (WHERE dimension = 'prompt_variant') AS prompt_variant,
                   max(arm) FILTER (WHERE dimension = 'tempo_offset') AS tempo_offset,
                   max(arm) FILTER (WHERE dimension = 'instrumentation') AS instrumentation,
                   max(arm) FILTER (WHERE dimension = 'energy') AS energy,
                   max(arm) FILTER (WHERE dimension = 'video_style') AS video_style
            FROM arm_assignments GROUP BY piece_id),
        llm AS (SELECT partition_key, sum(cost_usd) AS cost_usd FROM llm_calls GROUP BY partition_key),
        music AS (SELECT piece_id, sum(cost_usd) AS cost_usd, bool_or(outcome = 'ok' AND provider <> 'offline') AS remote
                  FROM music_calls GROUP BY piece_id),
        sales AS (SELECT piece_id, sum(quantity) AS streams, sum(revenue_usd) AS revenue_usd
                  FROM performance WHERE piece_id IS NOT NULL GROUP BY piece_id)
        SELECT l.piece_id, l.date, l.artist_id, a.name AS artist, a.niche->>'genre' AS genre,
               pv.profile->>'mood' AS mood, arms.profile_version, CAST(pv.profile->>'tempo_bpm' AS INTEGER) AS profile_tempo_bpm,
               l.title, l.theme, arms.prompt_variant, arms.tempo_offset, arms.instrumentation, arms.energy, arms.video_style,
               t.tempo_bpm, t.measured_tempo_bpm, t.integrated_lufs, t.duration_s, t.provider AS music_provider,
               r.score AS critic_score, ps.decision, ps.decided_by,
               ps.decision IN ('approved', 'rejected', 'regenerate') AND ps.decided_by <> 'autopilot' AS human_reviewed,
               ps.decision = 'approved' AS approved, rel.release_id,
               coalesce(llm.cost_usd, 0) AS llm_cost_usd, coalesce(music.cost_usd, 0) AS music_cost_usd,
               coalesce(sales.streams, 0) AS streams, coalesce(sales.revenue_usd, 0) AS revenue_usd
        FROM lyrics l
        JOIN artists a USING (artist_id)
        LEFT JOIN arms USING (piece_id)
        LEFT JOIN profile_versions pv ON pv.artist_id = l.artist_id AND pv.version = arms.profile_version
        LEFT JOIN tracks t USING (piece_id)
        LEFT JOIN reflections r USING (piece_id)
        LEFT JOIN piece_status ps USING (piece_id)
        LEFT JOIN releases rel USING (piece_id)
        LEFT JOIN llm ON llm.partition_key = l.artist_id || '|' || strftime(l.date, '%Y-%m-%d')
        LEFT JOIN music USING (piece_id)
        LEFT JOIN sales USING (piece_id)""",
    # Human approval per artist and ISO week (autopilot approvals are not reviews).
    "approval_weekly": """
        SELECT artist_id, artist, CAST(date_trunc('week', date) AS DATE) AS week,
               count(*) AS pieces,
               count(*) FILTER (WHERE human_reviewed) AS reviewed,
               count(*) FILTER (WHERE human_reviewed AND approved) AS approved,
               count(*) FILTER (WHERE decision = 'rejected') AS rejected,
               count(*) FILTER (WHERE decision = 'regenerate') AS regenerating,
               count(*) FILTER (WHERE decision = 'pending') AS pending,
               count(*) FILTER (WHERE human_reviewed AND approved) / nullif(count(*) FILTER (WHERE human_reviewed), 0)
                   AS approval_rate,
               avg(critic_score) AS mean_critic_score
        FROM piece_facts GROUP BY ALL""",
    # artist_metrics rolled up per genre and day.
    "genre_metrics": """
        SELECT date, genre, count(*) AS artists, sum(pieces) AS pieces, sum(reviewed) AS reviewed,
               sum(approvals) AS approvals, sum(approvals) / nullif(sum(reviewed), 0) AS approval_rate,
               avg(mean_critic_score) AS mean_critic_score, sum(releases) AS releases, sum(streams) AS streams,
               sum(revenue_usd) AS revenue_usd, sum(llm_cost_usd + music_cost_usd) AS cost_usd
        FROM artist_metrics GROUP BY ALL""",
    # The latest posterior of every arm (per artist and pooled as artist_id '*').
    "arm_posteriors": """
        SELECT * FROM variant_stats WHERE date = (SELECT max(date) FROM variant_stats)""",
    # Every profile version with its key traits and what changed from the previous one.
    "profile_history": """
        SELECT artist_id, version, previous_version, effective_on, provider,
               CAST(profile->>'tempo_bpm' AS INTEGER) AS tempo_bpm, profile->>'mood' AS mood,
               CAST(profile->'visual_palette' AS VARCHAR[]) AS palette, CAST(profile->'themes' AS VARCHAR[]) AS themes,
               changes, created_at
        FROM profile_versions""",
    # Streams and revenue per release and store (imported distributor reports).
    "release_performance": """
        SELECT r.release_id, r.artist_id, r.title, r.isrc, r.upc, p.store, min(p.period) AS first_period,
               max(p.period) AS last_period, sum(p.quantity) AS streams, sum(p.revenue_usd) AS revenue_usd
        FROM releases r JOIN performance p USING (release_id) GROUP BY ALL""",
}
