"""Resources shared by every domain, configured from the environment (see .env.example).

Paths are resolved when a run starts, so one process can run cycles for different data
directories; choosing a provider is configuration, never a code change.
"""

import os
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg

from ai_artist_dagster.lib import paths
from ai_artist_dagster.lib.warehouse import Warehouse

# Providers are imported when a run needs them, so loading the code location stays fast.
if TYPE_CHECKING:
    from ai_artist_dagster.domain.roster import RosterRules
    from ai_artist_dagster.providers.charts import ChartSource
    from ai_artist_dagster.providers.music import MusicProvider
    from ai_artist_dagster.providers.writer import WriterRouter


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
        return Path(self.data_dir).resolve() if self.data_dir else paths.data_dir()


class ChartSourceResource(dg.ConfigurableResource):
    """Which chart feeds `chart_entries`: spotify_ph_daily (default) or billboard_hot100."""

    source: str = "spotify_ph_daily"

    def get(self) -> "ChartSource":
        from ai_artist_dagster.providers.charts import chart_source

        return chart_source(self.source)


class WriterResource(dg.ConfigurableResource):
    """The writing router: providers in order (comma-separated). ``offline`` needs no key."""

    providers: str = "offline"

    def router(self) -> "WriterRouter":
        from ai_artist_dagster.providers.writer import OfflineWriter, WriterProvider, WriterRouter

        known: dict[str, type[WriterProvider]] = {"offline": OfflineWriter}
        names = [n.strip() for n in self.providers.split(",") if n.strip()]
        unknown = [n for n in names if n not in known]
        if unknown:
            raise dg.Failure(
                f"unknown writer providers {unknown}; available: {sorted(known)} (AI_ARTIST_LLM_PROVIDERS)"
            )
        return WriterRouter([known[n]() for n in names])


class MusicResource(dg.ConfigurableResource):
    """The music provider: ``offline`` (the embedded composer)."""

    provider: str = "offline"
    target_lufs: float = -14.0
    min_duration_s: float = 64.0

    def get(self) -> "MusicProvider":
        from ai_artist_dagster.providers.music import OfflineComposer

        if self.provider != "offline":
            raise dg.Failure(
                f"unknown music provider {self.provider!r}; available: ['offline'] (AI_ARTIST_MUSIC_PROVIDER)"
            )
        return OfflineComposer()


class VideoResource(dg.ConfigurableResource):
    """Teaser format: 720x1280 by default (1080x1920 option), length and frame rate."""

    width: int = 720
    height: int = 1280
    fps: int = 30
    teaser_seconds: float = 15.0


class RosterResource(dg.ConfigurableResource):
    """Lifecycle rules of the roster."""

    artists_per_day: int = 1
    max_active: int = 12
    new_artist_probability: float = 0.3
    retire_after_rejections: int = 3
    default_autopilot: bool = True

    def rules(self) -> "RosterRules":
        from ai_artist_dagster.domain.roster import RosterRules

        return RosterRules(
            artists_per_day=self.artists_per_day,
            max_active=self.max_active,
            new_artist_probability=self.new_artist_probability,
            retire_after_rejections=self.retire_after_rejections,
            default_autopilot=self.default_autopilot,
        )


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def default_resources() -> dict[str, dg.ConfigurableResource]:
    """Resources from the environment at load time (defaults need no key and no network)."""
    return {
        "warehouse": WarehouseResource(),
        "storage": StorageResource(),
        "charts": ChartSourceResource(source=_env("AI_ARTIST_CHART_SOURCE", "spotify_ph_daily")),
        "writer": WriterResource(providers=_env("AI_ARTIST_LLM_PROVIDERS", "offline")),
        "music": MusicResource(provider=_env("AI_ARTIST_MUSIC_PROVIDER", "offline")),
        "video": VideoResource(
            width=int(_env("AI_ARTIST_VIDEO_WIDTH", "720")),
            height=int(_env("AI_ARTIST_VIDEO_HEIGHT", "1280")),
            teaser_seconds=float(_env("AI_ARTIST_TEASER_SECONDS", "15")),
        ),
        "roster": RosterResource(
            artists_per_day=int(_env("AI_ARTIST_ARTISTS_PER_DAY", "1")),
            new_artist_probability=float(_env("AI_ARTIST_NEW_ARTIST_PROBABILITY", "0.3")),
            retire_after_rejections=int(_env("AI_ARTIST_RETIRE_AFTER_REJECTIONS", "3")),
            default_autopilot=_env("AI_ARTIST_AUTOPILOT_DEFAULT", "true").lower() in ("1", "true", "yes"),
        ),
    }


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources=default_resources())
