"""Resources shared by every domain (warehouse, storage, the writer router), and the configuration
of every domain's resources from the environment (see .env.example).

Paths are resolved when a run starts, so one process can run cycles for different data
directories; choosing a provider is configuration, never a code change.
"""

from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
from pydantic import Field

from ai_artist_dagster.lib import paths, warehouse
from ai_artist_dagster.lib.env import from_env
from ai_artist_dagster.lib.warehouse import Warehouse

# Providers are imported when a run needs them, so loading the code location stays fast.
if TYPE_CHECKING:
    from ai_artist_dagster.defs.artists.resources import RosterResource
    from ai_artist_dagster.lib.media import MediaStore
    from ai_artist_dagster.providers.writer import Generation, WriterRouter


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse: the DuckDB file ``path`` (default ``$AI_ARTIST_DATA_DIR/warehouse.duckdb``), or
    DuckLake when AI_ARTIST_DUCKLAKE_CATALOG is set (see lib/warehouse.configured)."""

    path: str | None = None

    def get(self) -> Warehouse:
        return warehouse.configured(self.path)


class StorageResource(dg.ConfigurableResource):
    """Where media, artists and releases are written (default ``$AI_ARTIST_DATA_DIR``), and the object
    store they are published to when AI_ARTIST_MEDIA_URL is set."""

    data_dir: str | None = None

    @property
    def root(self) -> Path:
        return paths.data_dir(self.data_dir)

    def media(self) -> "MediaStore":
        """The media store over ``root``: an object store when AI_ARTIST_MEDIA_URL is set (lib/media.py)."""
        from ai_artist_dagster.lib import media

        return media.configured(self.root)


class WriterResource(dg.ConfigurableResource):
    """The writer router (see docs/llm.md). ``providers``: comma-separated order, each ``name`` or
    ``name:model``; ``auto`` = every provider whose key is set, then ``offline``. ``routes``
    overrides the order per task: ``critique=anthropic,offline;lyrics=openai,offline``.
    Keys are read from the environment by the SDK clients only; they never appear in config."""

    providers: str = "auto"
    routes: str = ""
    timeout_s: float = Field(60.0, ge=1, allow_inf_nan=False)
    max_attempts: int = 12
    retry_budget_s: float = 45.0
    max_tokens: int = Field(2000, ge=64)
    budget_run_usd: float = Field(2.0, ge=0, allow_inf_nan=False)
    budget_day_usd: float = Field(10.0, ge=0, allow_inf_nan=False)
    breaker_failures: int = 3  # failed calls (after their retries) within breaker_window_s open the circuit
    breaker_window_s: float = 120.0
    breaker_cooldown_s: float = 5.0  # doubles while trial calls keep failing, up to breaker_max_cooldown_s
    breaker_max_cooldown_s: float = 300.0
    cache: bool = True
    prices: str = ""
    state_path: str | None = None

    def router(self) -> "WriterRouter":
        from ai_artist_dagster.providers.sqlite_state import BreakerPolicy
        from ai_artist_dagster.providers.writer import (
            RouterPolicy,
            RouterState,
            WriterRouter,
            build_chain,
            parse_specs,
        )

        try:
            default_specs = parse_specs(self.providers)
            route_specs = {
                task.strip(): parse_specs(chain)
                for task, _, chain in (part.partition("=") for part in self.routes.split(";") if part.strip())
            }
        except ValueError as exc:
            raise dg.Failure(f"{exc} (AI_ARTIST_LLM_PROVIDERS / AI_ARTIST_LLM_ROUTES)") from None
        known_tasks = {"artist_profile", "lyrics", "critique", "error_diagnosis"}
        if unknown := sorted(set(route_specs) - known_tasks):
            raise dg.Failure(f"AI_ARTIST_LLM_ROUTES names unknown tasks {unknown}; tasks: {sorted(known_tasks)}")
        providers, unavailable = build_chain(default_specs, self.timeout_s, self.prices)
        routes = {}
        for task, specs in route_specs.items():
            routes[task], missing = build_chain(specs, self.timeout_s, self.prices)
            unavailable |= missing
        if not providers:
            raise dg.Failure(
                f"no writer provider is usable: {unavailable or 'none configured'}. Set a key in .env or add "
                "'offline' to AI_ARTIST_LLM_PROVIDERS."
            )
        state_path = Path(self.state_path) if self.state_path else paths.data_dir() / "llm" / "router.sqlite"
        policy = RouterPolicy(
            max_attempts=self.max_attempts,
            retry_budget_s=self.retry_budget_s,
            max_tokens=self.max_tokens,
            budget_run_usd=self.budget_run_usd,
            budget_day_usd=self.budget_day_usd,
            breaker=BreakerPolicy(
                failures=self.breaker_failures,
                window_s=self.breaker_window_s,
                cooldown_s=self.breaker_cooldown_s,
                max_cooldown_s=self.breaker_max_cooldown_s,
            ),
        )
        return WriterRouter(
            providers, routes, state=RouterState(state_path, cache=self.cache), policy=policy, unavailable=unavailable
        )

    def generate(
        self,
        context: dg.AssetExecutionContext,
        task: str,
        brief,
        schema,
        artist_id: str | None = None,
        regenerate: bool = False,
    ) -> "Generation":
        """Run one writing task for the current partition, logging each call (never prompts or keys)."""
        from ai_artist_dagster.providers.writer import CallContext

        ctx = CallContext(
            run_id=context.run_id,
            partition_key=str(context.partition_key) if context.has_partition_key else "",
            artist_id=artist_id,
        )
        generation = self.router().generate(task, brief, schema, ctx, regenerate=regenerate)  # type: ignore[arg-type]
        for call in generation.calls:
            context.log.info(
                f"{task} via {call.provider}/{call.model}: {call.outcome}"
                + (f" ({call.error})" if call.error else "")
                + f", {call.tokens_in}+{call.tokens_out} tokens, ${call.cost_usd:.5f}, {call.latency_ms:.0f} ms"
            )
        if generation.fallback:
            context.log.warning(f"{task} ({ctx.partition_key or 'unpartitioned'}): {generation.fallback}")
        return generation


def roster_resource() -> "RosterResource":
    """The roster's rules from the environment (also read by `ai-artist run` for how many pieces a day can hold)."""
    from ai_artist_dagster.defs.artists.resources import RosterResource

    return from_env(
        RosterResource,
        artists_per_day="AI_ARTIST_ARTISTS_PER_DAY",
        new_artist_probability="AI_ARTIST_NEW_ARTIST_PROBABILITY",
        retire_after_rejections="AI_ARTIST_RETIRE_AFTER_REJECTIONS",
        default_autopilot="AI_ARTIST_AUTOPILOT_DEFAULT",
        pause_below_approval="AI_ARTIST_PAUSE_BELOW_APPROVAL",
        pause_min_reviews="AI_ARTIST_PAUSE_MIN_REVIEWS",
        pause_days="AI_ARTIST_PAUSE_DAYS",
        schedule="AI_ARTIST_SCHEDULE",
    )


def default_resources() -> dict[str, dg.ConfigurableResource | dg.ConfigurableIOManager]:
    """Resources from the environment at load time: which variable sets which field. Defaults and
    rules live on the fields (no key and no network needed); a value a field refuses is a
    ConfigurationError naming the variable, before any run starts. Every variable is in .env.example."""
    from ai_artist_dagster.components.approval.telegram import TelegramResource, check_review_secret
    from ai_artist_dagster.defs.analytics.resources import EvolutionResource
    from ai_artist_dagster.defs.artists.resources import CalendarResource
    from ai_artist_dagster.defs.content.resources import MusicResource, VideoResource
    from ai_artist_dagster.defs.io import PIECE_IO_MANAGER, PieceIOManager
    from ai_artist_dagster.defs.releases.resources import (
        DeliveryResource,
        GateResource,
        ReleaseResource,
        SocialResource,
    )
    from ai_artist_dagster.defs.trends.resources import ChartSourceResource
    from ai_artist_dagster.providers.charts import CHART_SOURCES, LIVE_SOURCES

    check_review_secret()
    return {
        PIECE_IO_MANAGER: PieceIOManager(),
        "warehouse": WarehouseResource(),
        "storage": StorageResource(),
        "charts": from_env(
            ChartSourceResource,
            choices={"source": [*CHART_SOURCES, *LIVE_SOURCES], "fallback": CHART_SOURCES},
            source="AI_ARTIST_CHART_SOURCE",
            fallback="AI_ARTIST_CHART_FALLBACK",
            apple_base_url="APPLE_MUSIC_FEED_BASE_URL",
            apple_storefront="APPLE_MUSIC_STOREFRONT",
            lastfm_base_url="LASTFM_API_BASE_URL",
            genres="AI_ARTIST_CHART_GENRES",
            spotify_playlist_id="SPOTIFY_PLAYLIST_ID",
            spotify_api_base_url="SPOTIFY_API_BASE_URL",
            spotify_token_url="SPOTIFY_TOKEN_URL",
        ),
        "writer": from_env(
            WriterResource,
            providers="AI_ARTIST_LLM_PROVIDERS",
            routes="AI_ARTIST_LLM_ROUTES",
            timeout_s="AI_ARTIST_LLM_TIMEOUT_S",
            max_tokens="AI_ARTIST_LLM_MAX_TOKENS",
            budget_run_usd="AI_ARTIST_LLM_BUDGET_RUN_USD",
            budget_day_usd="AI_ARTIST_LLM_BUDGET_DAY_USD",
            cache="AI_ARTIST_LLM_CACHE",
            prices="AI_ARTIST_LLM_PRICES",
        ),
        "music": from_env(
            MusicResource,
            provider="AI_ARTIST_MUSIC_PROVIDER",
            voice="AI_ARTIST_VOICE",
            instruments="AI_ARTIST_INSTRUMENTS",
            soundfont="AI_ARTIST_SOUNDFONT",
            suno_base_url="SUNO_API_BASE_URL",
            suno_poll_interval_s="SUNO_POLL_INTERVAL_S",
            suno_job_timeout_s="SUNO_JOB_TIMEOUT_S",
            suno_credits_per_song="SUNO_CREDITS_PER_SONG",
            suno_usd_per_credit="SUNO_USD_PER_CREDIT",
            suno_model="SUNO_MODEL",
        ),
        "video": from_env(
            VideoResource,
            width="AI_ARTIST_VIDEO_WIDTH",
            height="AI_ARTIST_VIDEO_HEIGHT",
            teaser_seconds="AI_ARTIST_TEASER_SECONDS",
            preset="AI_ARTIST_VIDEO_PRESET",
            crf="AI_ARTIST_VIDEO_CRF",
            footage="AI_ARTIST_FOOTAGE",
            footage_clips="AI_ARTIST_FOOTAGE_CLIPS",
            pexels_base_url="PEXELS_API_BASE_URL",
        ),
        "release": from_env(
            ReleaseResource,
            label="AI_ARTIST_LABEL_NAME",
            isrc_prefix="AI_ARTIST_ISRC_PREFIX",
            upc_prefix="AI_ARTIST_UPC_PREFIX",
            sender_dpid="DDEX_SENDER_DPID",
            sender_name="DDEX_SENDER_NAME",
            recipient_dpid="DDEX_RECIPIENT_DPID",
            recipient_name="DDEX_RECIPIENT_NAME",
        ),
        "gate": from_env(
            GateResource,
            min_duration_s="AI_ARTIST_GATE_MIN_DURATION_S",
            duplicate_similarity="AI_ARTIST_GATE_DUPLICATE_SIMILARITY",
            artist_window_days="AI_ARTIST_GATE_ARTIST_WINDOW_DAYS",
            max_per_artist="AI_ARTIST_GATE_MAX_PER_ARTIST",
            max_per_label_day="AI_ARTIST_GATE_MAX_PER_LABEL_DAY",
        ),
        "social": from_env(
            SocialResource,
            platforms="AI_ARTIST_SOCIAL_PLATFORMS",
            post_hour_utc="AI_ARTIST_SOCIAL_POST_HOUR_UTC",
            privacy="AI_ARTIST_SOCIAL_PRIVACY",
            outbox_dir="AI_ARTIST_SOCIAL_OUTBOX_DIR",
            target="AI_ARTIST_SOCIAL_TARGET",
            youtube_client_id="YOUTUBE_CLIENT_ID",
            youtube_daily_quota="YOUTUBE_DAILY_QUOTA",
            youtube_api_url="YOUTUBE_API_URL",
            google_token_url="GOOGLE_OAUTH_TOKEN_URL",
            tiktok_api_url="TIKTOK_API_URL",
            instagram_user_id="INSTAGRAM_USER_ID",
            instagram_graph_url="INSTAGRAM_GRAPH_URL",
        ),
        "telegram": from_env(
            TelegramResource,
            chat_id="TELEGRAM_CHAT_ID",
            allowed_user_ids="TELEGRAM_ALLOWED_USER_IDS",
            api_base_url="TELEGRAM_API_BASE_URL",
            token_ttl_hours="AI_ARTIST_REVIEW_TTL_HOURS",
        ),
        "delivery": from_env(
            DeliveryResource,
            sftp_host="SFTP_HOST",
            sftp_port="SFTP_PORT",
            sftp_user="SFTP_USER",
            sftp_remote_dir="SFTP_REMOTE_DIR",
            sftp_known_hosts="SFTP_KNOWN_HOSTS",
            outbox_dir="AI_ARTIST_OUTBOX_DIR",
        ),
        "roster": roster_resource(),
        "calendar": from_env(
            CalendarResource,
            horizon_weeks="AI_ARTIST_CALENDAR_HORIZON_WEEKS",
            min_gap_days="AI_ARTIST_RELEASE_MIN_GAP_DAYS",
            max_gap_days="AI_ARTIST_RELEASE_MAX_GAP_DAYS",
            release_weekday="AI_ARTIST_RELEASE_WEEKDAY",
            lead_days="AI_ARTIST_DELIVERY_LEAD_DAYS",
            review_days="AI_ARTIST_REVIEW_DAYS",
            teaser_days="AI_ARTIST_TEASER_DAYS",
            post_weekdays="AI_ARTIST_POST_WEEKDAYS",
            spread_weeks="AI_ARTIST_RELEASE_SPREAD_WEEKS",
        ),
        "evolution": from_env(
            EvolutionResource,
            exploration_floor="AI_ARTIST_EXPLORATION_FLOOR",
            pooled_weight="AI_ARTIST_POOLED_WEIGHT",
            critic_weight="AI_ARTIST_CRITIC_WEIGHT",
            min_reviews="AI_ARTIST_EVOLVE_MIN_REVIEWS",
            min_days="AI_ARTIST_EVOLVE_MIN_DAYS",
            confidence="AI_ARTIST_EVOLVE_CONFIDENCE",
            max_tempo_drift="AI_ARTIST_MAX_TEMPO_DRIFT",
            low_approval="AI_ARTIST_EVOLVE_LOW_APPROVAL",
        ),
    }


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources=default_resources())
