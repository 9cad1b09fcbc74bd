"""DDL of the warehouse tables that assets write (dbt models are defined in dbt_trends/).

Documented for analysts in docs/warehouse.md; keep the two in step.
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
        updated_at TIMESTAMP NOT NULL""",
    "roster_schedule": """
        date DATE NOT NULL, artist_id VARCHAR NOT NULL, slot INTEGER NOT NULL,
        reason VARCHAR NOT NULL, PRIMARY KEY (date, artist_id)""",
    "profile_versions": """
        artist_id VARCHAR NOT NULL, version INTEGER NOT NULL, profile JSON NOT NULL,
        creation_report VARCHAR NOT NULL, provider VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        PRIMARY KEY (artist_id, version)""",
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
        track_offset_s DOUBLE NOT NULL, created_at TIMESTAMP NOT NULL, footage JSON""",
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
        video_isrc VARCHAR UNIQUE, upc VARCHAR UNIQUE""",
    "deliveries": """
        release_id VARCHAR NOT NULL, target VARCHAR NOT NULL, batch_id VARCHAR NOT NULL,
        piece_id VARCHAR NOT NULL, status VARCHAR NOT NULL, remote_path VARCHAR, files INTEGER,
        bytes BIGINT, attempts INTEGER, error VARCHAR, updated_at TIMESTAMP NOT NULL,
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
    "error_reports": """
        run_id VARCHAR PRIMARY KEY, job VARCHAR NOT NULL, partition_key VARCHAR, step VARCHAR,
        error_class VARCHAR, message VARCHAR NOT NULL, category VARCHAR NOT NULL, summary VARCHAR NOT NULL,
        likely_cause VARCHAR NOT NULL, next_steps JSON NOT NULL, suggested_patch VARCHAR,
        provider VARCHAR NOT NULL, notified BOOLEAN NOT NULL, created_at TIMESTAMP NOT NULL""",
    "cost_report": """
        day DATE NOT NULL, artist_id VARCHAR NOT NULL, provider VARCHAR NOT NULL, model VARCHAR NOT NULL,
        calls INTEGER NOT NULL, cache_hits INTEGER NOT NULL, failures INTEGER NOT NULL,
        tokens_in BIGINT NOT NULL, tokens_out BIGINT NOT NULL, cost_usd DOUBLE NOT NULL,
        PRIMARY KEY (day, artist_id, provider, model)""",
}

# Columns added after a table first shipped: existing warehouses gain them in place.
MIGRATIONS: list[str] = [
    "ALTER TABLE llm_calls ADD COLUMN IF NOT EXISTS run_id VARCHAR",
    "ALTER TABLE llm_calls ADD COLUMN IF NOT EXISTS artist_id VARCHAR",
    "ALTER TABLE llm_calls ADD COLUMN IF NOT EXISTS prompt_id VARCHAR",
    "ALTER TABLE llm_calls ADD COLUMN IF NOT EXISTS attempt INTEGER",
    "ALTER TABLE lyrics ADD COLUMN IF NOT EXISTS prompt_id VARCHAR",
    "ALTER TABLE reflections ADD COLUMN IF NOT EXISTS prompt_id VARCHAR",
    "ALTER TABLE videos ADD COLUMN IF NOT EXISTS footage JSON",
    "ALTER TABLE releases ADD COLUMN IF NOT EXISTS isrc VARCHAR",
    "ALTER TABLE releases ADD COLUMN IF NOT EXISTS video_isrc VARCHAR",
    "ALTER TABLE releases ADD COLUMN IF NOT EXISTS upc VARCHAR",
]

VIEWS: dict[str, str] = {
    # The current state of each piece: its latest review decision.
    "piece_status": """
        SELECT * EXCLUDE (rn) FROM (
            SELECT piece_id, date, artist_id, decision, decided_by, feedback, decided_at,
                   row_number() OVER (PARTITION BY piece_id ORDER BY decided_at DESC, decision_id DESC) AS rn
            FROM review_decisions) WHERE rn = 1""",
}
