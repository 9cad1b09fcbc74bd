"""Resources shared by every domain, configured from the environment (see .env.example).

Paths are resolved when a run starts, so one process can run cycles for different data
directories; choosing a provider is configuration, never a code change.
"""

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

import dagster as dg
from pydantic import Field
from pydantic.json_schema import JsonDict

from ai_artist_dagster.lib import paths
from ai_artist_dagster.lib.env import ConfigurationError, from_env
from ai_artist_dagster.lib.partitions import DEFAULT_CHART_SOURCE
from ai_artist_dagster.lib.warehouse import Warehouse

MusicProviderName = Literal["offline", "suno"]
FootageName = Literal["none", "pexels"]  # none: generated visuals
MUSIC_PROVIDERS: tuple[str, ...] = get_args(MusicProviderName)
FOOTAGE_PROVIDERS: tuple[str, ...] = get_args(FootageName)
TELEGRAM_IDS: JsonDict = {"wanted": "a comma-separated list of whole numbers (Telegram ids)"}

# Providers are imported when a run needs them, so loading the code location stays fast.
if TYPE_CHECKING:
    from ai_artist_dagster.domain.evolution.evolve import EvolutionRules
    from ai_artist_dagster.domain.roster import RosterRules
    from ai_artist_dagster.providers.charts import ChartSource
    from ai_artist_dagster.providers.delivery import DeliveryTarget
    from ai_artist_dagster.providers.footage import FootageProvider
    from ai_artist_dagster.providers.music import MusicProvider
    from ai_artist_dagster.providers.review import TelegramChannel
    from ai_artist_dagster.providers.writer import Generation, WriterRouter


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse (default ``$AI_ARTIST_DATA_DIR/warehouse.duckdb``)."""

    path: str | None = None

    def get(self) -> Warehouse:
        return Warehouse(Path(self.path) if self.path else paths.warehouse_path())


class StorageResource(dg.ConfigurableResource):
    """Where media, artists and releases are written (default ``$AI_ARTIST_DATA_DIR``)."""

    data_dir: str | None = None

    @property
    def root(self) -> Path:
        return paths.data_dir(self.data_dir)


class ChartSourceResource(dg.ConfigurableResource):
    """Which chart feeds `chart_entries`: the bundled replays spotify_ph_daily (default) and
    billboard_hot100, or a live source — apple_most_played, lastfm_top_tracks (LASTFM_API_KEY),
    spotify_playlist (SPOTIFY_CLIENT_ID/SECRET/REFRESH_TOKEN + a playlist you own). ``genres`` are the Last.fm tags / Spotify
    search genres that label the chart's songs. A live source without its
    credentials falls back to ``fallback`` with a warning."""

    source: str = DEFAULT_CHART_SOURCE
    fallback: str = DEFAULT_CHART_SOURCE
    apple_base_url: str = "https://rss.marketingtools.apple.com"
    apple_storefront: str = "us"
    lastfm_base_url: str = "https://ws.audioscrobbler.com"
    genres: str = "pop,hip-hop,rnb,rock,electronic,indie,latin,k-pop,country"
    spotify_playlist_id: str = ""
    spotify_api_base_url: str = "https://api.spotify.com/v1/"
    spotify_token_url: str = "https://accounts.spotify.com/api/token"
    data_dir: str | None = None

    def get(self) -> "ChartSource":
        from ai_artist_dagster.providers.charts import ChartSourceNotConfigured, LiveSettings, chart_source

        settings = LiveSettings(
            snapshot_dir=paths.data_dir(self.data_dir) / "charts" / "live",
            apple_base_url=self.apple_base_url,
            apple_storefront=self.apple_storefront,
            lastfm_base_url=self.lastfm_base_url,
            genres=[g.strip() for g in self.genres.split(",") if g.strip()],
            spotify_playlist_id=self.spotify_playlist_id,
            spotify_api_base_url=self.spotify_api_base_url,
            spotify_token_url=self.spotify_token_url,
        )
        try:
            return chart_source(self.source, settings)
        except ChartSourceNotConfigured as exc:
            dg.get_dagster_logger().warning(
                f"chart source {self.source} is not configured ({exc}); using the bundled {self.fallback} replay"
            )
            return chart_source(self.fallback)


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


class MusicResource(dg.ConfigurableResource):
    """The music provider: ``offline`` (the embedded composer) or ``suno`` (a Suno-compatible HTTP
    API at ``suno_base_url``, polled until the song is ready, with the composer as fallback and a
    circuit breaker shared across runs). The key is read from ``SUNO_API_KEY`` when the provider is
    built; it never appears in config or the UI. See docs/media.md."""

    provider: MusicProviderName = "offline"
    target_lufs: float = -14.0
    min_duration_s: float = 64.0
    suno_base_url: str = "http://127.0.0.1:3000"
    suno_poll_interval_s: float = Field(5.0, ge=0.1, allow_inf_nan=False)
    suno_job_timeout_s: float = Field(600.0, ge=1, allow_inf_nan=False)
    suno_credits_per_song: float = Field(10.0, ge=0, allow_inf_nan=False)
    suno_usd_per_credit: float = Field(0.005, ge=0, allow_inf_nan=False)
    suno_model: str = ""
    breaker_failures: int = 3  # failed songs within an hour keep the remote provider out…
    breaker_cooldown_s: float = 60.0  # …for a minute, doubling while trial songs fail, up to half an hour
    state_path: str | None = None

    def get(self) -> "MusicProvider":
        from ai_artist_dagster.providers.music import OfflineComposer, SunoProvider, SunoSettings, WithFallback
        from ai_artist_dagster.providers.sqlite_state import BreakerPolicy, SqliteState

        if self.provider == "offline":
            return OfflineComposer()
        if self.provider != "suno":
            raise dg.Failure(
                f"unknown music provider {self.provider!r}; available: {list(MUSIC_PROVIDERS)} (AI_ARTIST_MUSIC_PROVIDER)"
            )
        key = os.environ.get("SUNO_API_KEY") or None
        suno = SunoProvider(
            SunoSettings(
                base_url=self.suno_base_url,
                api_key=key,
                poll_interval_s=self.suno_poll_interval_s,
                job_timeout_s=self.suno_job_timeout_s,
                credits_per_song=self.suno_credits_per_song,
                usd_per_credit=self.suno_usd_per_credit,
                model=self.suno_model,
            )
        )
        state = SqliteState(Path(self.state_path) if self.state_path else paths.data_dir() / "music" / "state.sqlite")
        breaker = BreakerPolicy(
            failures=self.breaker_failures, window_s=3600, cooldown_s=self.breaker_cooldown_s, max_cooldown_s=1800
        )
        return WithFallback(suno, OfflineComposer(), state, breaker)


class VideoResource(dg.ConfigurableResource):
    """Teaser format: 720x1280 by default (1080x1920 option), length, frame rate and x264
    preset/CRF (``veryfast`` halves the file at half the speed); ``footage``:
    ``none`` (generated visuals) or ``pexels`` (stock clips by the artist's keywords, key from
    ``PEXELS_API_KEY``; generated visuals whenever Pexels cannot deliver). See docs/media.md."""

    # H.264 in yuv420p needs even frame sizes
    width: int = Field(720, ge=144, le=4320, multiple_of=2)
    height: int = Field(1280, ge=144, le=7680, multiple_of=2)
    fps: int = 30
    teaser_seconds: float = Field(15.0, ge=3, le=180, allow_inf_nan=False)
    preset: str = "superfast"
    crf: int = Field(23, ge=0, le=51)
    footage: FootageName = "none"
    footage_clips: int = Field(3, ge=1, le=20)
    pexels_base_url: str = "https://api.pexels.com"

    def footage_provider(self) -> "FootageProvider | None":
        """The configured footage provider, or None (generated visuals). A missing key raises
        FootageError (the teaser falls back to generated visuals); an unknown name fails the run."""
        if self.footage == "none":
            return None
        if self.footage != "pexels":
            raise dg.Failure(
                f"unknown footage provider {self.footage!r}; available: {list(FOOTAGE_PROVIDERS)} (AI_ARTIST_FOOTAGE)"
            )
        from pydantic import SecretStr

        from ai_artist_dagster.providers.footage import FootageError, PexelsFootage

        key = os.environ.get("PEXELS_API_KEY")
        if not key:
            raise FootageError(
                "auth", "AI_ARTIST_FOOTAGE=pexels needs PEXELS_API_KEY (free at https://www.pexels.com/api/)"
            )

        return PexelsFootage(SecretStr(key), base_url=self.pexels_base_url, min_width=self.width)


class ReleaseResource(dg.ConfigurableResource):
    """Who releases and how releases are identified (see docs/releases.md). The defaults are safe
    test values: ISRC country code ``ZZ`` is unassigned, and GS1 prefixes 020–029 are for
    restricted circulation; a real label sets its registrant code, GS1 prefix and DDEX party ids."""

    label: str = "AI Artist Records"
    isrc_prefix: str = "ZZAIA"
    upc_prefix: str = "0200000"
    sender_dpid: str = "PADPIDA0000000001X"
    sender_name: str = "ai-artist-dagster"
    recipient_dpid: str = "PADPIDA0000000002X"
    recipient_name: str = "Distributor"


REVIEW_SECRET_MIN_CHARS = 16


class TelegramResource(dg.ConfigurableResource):
    """The Telegram review channel, on when TELEGRAM_BOT_TOKEN and the chat id are set (the token
    and AI_ARTIST_REVIEW_SECRET are read from the environment when used, never kept in config).
    ``allowed_user_ids``: comma-separated Telegram user ids whose buttons count. See docs/review.md."""

    chat_id: str = Field("", pattern=r"^-?\d*$", json_schema_extra=TELEGRAM_IDS)
    allowed_user_ids: str = Field("", pattern=r"^(\s*-?\d+\s*)(,\s*-?\d+\s*)*$|^$", json_schema_extra=TELEGRAM_IDS)
    api_base_url: str = "https://api.telegram.org"
    token_ttl_hours: float = Field(168.0, ge=0.1, allow_inf_nan=False)

    @property
    def configured(self) -> bool:
        return bool(os.environ.get("TELEGRAM_BOT_TOKEN") and self.chat_id)

    def secret(self) -> bytes:
        secret = os.environ.get("AI_ARTIST_REVIEW_SECRET", "")
        if len(secret) < REVIEW_SECRET_MIN_CHARS:
            raise dg.Failure(
                f"Telegram review needs AI_ARTIST_REVIEW_SECRET (≥ {REVIEW_SECRET_MIN_CHARS} characters) to sign its buttons; "
                "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        return secret.encode()

    def allowed(self) -> frozenset[int]:
        return frozenset(int(u) for u in self.allowed_user_ids.replace(" ", "").split(",") if u)

    def channel(self) -> "TelegramChannel":
        from pydantic import SecretStr

        from ai_artist_dagster.providers.review import TelegramChannel, TelegramSettings

        return TelegramChannel(
            TelegramSettings(
                token=SecretStr(os.environ["TELEGRAM_BOT_TOKEN"]),
                chat_id=int(self.chat_id),
                allowed_user_ids=self.allowed(),
                base_url=self.api_base_url,
            )
        )


class DeliveryResource(dg.ConfigurableResource):
    """Where releases go: SFTP when ``sftp_host`` is set (key from SFTP_KEY_PATH or password from
    SFTP_PASSWORD, read when the target is built), else the local outbox
    (``$AI_ARTIST_DATA_DIR/outbox``). Both use DDEX's batch layout; see docs/releases.md."""

    sftp_host: str = ""
    sftp_port: int = Field(22, ge=1, le=65535)
    sftp_user: str = ""
    sftp_remote_dir: str = "."
    sftp_known_hosts: str = ""
    outbox_dir: str | None = None

    def target(self) -> "DeliveryTarget":
        from pydantic import SecretStr

        from ai_artist_dagster.providers.delivery import OutboxTarget, SftpSettings, SftpTarget

        if not self.sftp_host:
            return OutboxTarget(Path(self.outbox_dir) if self.outbox_dir else paths.data_dir() / "outbox")
        password = os.environ.get("SFTP_PASSWORD")
        settings = SftpSettings(
            host=self.sftp_host,
            port=self.sftp_port,
            user=self.sftp_user,
            key_path=os.environ.get("SFTP_KEY_PATH") or None,
            password=SecretStr(password) if password else None,
            remote_dir=self.sftp_remote_dir,
            known_hosts=self.sftp_known_hosts or None,
        )
        return SftpTarget(settings)


class RosterResource(dg.ConfigurableResource):
    """Lifecycle rules of the roster."""

    artists_per_day: int = Field(1, ge=1, le=50)
    max_active: int = 12
    new_artist_probability: float = Field(0.3, ge=0, le=1)
    retire_after_rejections: int = Field(3, ge=1)
    default_autopilot: bool = True
    pause_below_approval: float = Field(0.25, ge=0, le=1)
    pause_min_reviews: int = Field(4, ge=1)
    pause_days: int = Field(7, ge=0)

    def rules(self) -> "RosterRules":
        from ai_artist_dagster.domain.roster import RosterRules

        return RosterRules(**self.model_dump())


class EvolutionResource(dg.ConfigurableResource):
    """The generation experiment (Thompson sampling) and when a profile may evolve."""

    exploration_floor: float = Field(0.1, ge=0, le=1)
    pooled_weight: float = Field(0.25, ge=0, le=1)
    critic_weight: float = Field(0.25, ge=0, le=1)
    min_reviews: int = Field(6, ge=1)
    min_days: int = Field(7, ge=0)
    confidence: float = Field(0.75, ge=0, le=1)
    max_tempo_drift: int = Field(24, ge=0)
    low_approval: float = Field(0.4, ge=0, le=1)

    def rules(self) -> "EvolutionRules":
        from ai_artist_dagster.domain.evolution.evolve import EvolutionRules

        return EvolutionRules(**self.model_dump(include=set(EvolutionRules.model_fields)))


def check_review_secret() -> None:
    """With Telegram on, the button-signing secret must be usable before any tick or preview needs it."""
    telegram_on = bool(os.environ.get("TELEGRAM_BOT_TOKEN") and os.environ.get("TELEGRAM_CHAT_ID"))
    if telegram_on and len(os.environ.get("AI_ARTIST_REVIEW_SECRET", "")) < REVIEW_SECRET_MIN_CHARS:
        raise ConfigurationError(
            f"AI_ARTIST_REVIEW_SECRET is unset or shorter than {REVIEW_SECRET_MIN_CHARS} characters, and "
            "Telegram review is on (TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID); generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )


def default_resources() -> dict[str, dg.ConfigurableResource]:
    """Resources from the environment at load time: which variable sets which field. Defaults and
    rules live on the fields (no key and no network needed); a value a field refuses is a
    ConfigurationError naming the variable, before any run starts. Every variable is in .env.example."""
    from ai_artist_dagster.providers.charts import CHART_SOURCES, LIVE_SOURCES

    check_review_secret()
    return {
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
        ),
        "roster": from_env(
            RosterResource,
            artists_per_day="AI_ARTIST_ARTISTS_PER_DAY",
            new_artist_probability="AI_ARTIST_NEW_ARTIST_PROBABILITY",
            retire_after_rejections="AI_ARTIST_RETIRE_AFTER_REJECTIONS",
            default_autopilot="AI_ARTIST_AUTOPILOT_DEFAULT",
            pause_below_approval="AI_ARTIST_PAUSE_BELOW_APPROVAL",
            pause_min_reviews="AI_ARTIST_PAUSE_MIN_REVIEWS",
            pause_days="AI_ARTIST_PAUSE_DAYS",
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
