"""Where things live on disk.

Every output goes under ``AI_ARTIST_DATA_DIR`` (default ``data/`` in the project root), so two
runs with different data directories never touch each other. Bundled reference data (charts) is
read from the repository's ``data/charts`` folder whatever the data directory is.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_CHARTS_DIR = PROJECT_ROOT / "data" / "charts"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_trends"
WAREHOUSE_FILE = "warehouse.duckdb"  # in the data directory, unless AI_ARTIST_WAREHOUSE_PATH says where


def data_dir(override: str | None = None) -> Path:
    """The output root: ``override`` (a resource's ``data_dir``), ``$AI_ARTIST_DATA_DIR`` or ``<project>/data``."""
    return Path(override or os.environ.get("AI_ARTIST_DATA_DIR") or PROJECT_ROOT / "data").resolve()


def warehouse_path() -> Path:
    """The DuckDB file: ``$AI_ARTIST_WAREHOUSE_PATH`` or ``<data dir>/warehouse.duckdb``."""
    explicit = os.environ.get("AI_ARTIST_WAREHOUSE_PATH")
    return Path(explicit).resolve() if explicit else data_dir() / WAREHOUSE_FILE


def dagster_home() -> Path:
    """The Dagster instance folder: ``$DAGSTER_HOME`` or ``<project>/.dagster_home``."""
    return Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home").resolve()


def piece_dir(root: Path, date: str, artist_id: str) -> Path:
    """Media folder of one artist-day piece: ``<root>/pieces/<date>/<artist_id>``."""
    return root / "pieces" / date / artist_id


def artist_dir(root: Path, artist_id: str) -> Path:
    return root / "artists" / artist_id


def releases_dir(root: Path) -> Path:
    return root / "releases"


def performance_inbox(root: Path) -> Path:
    """Where distributor reports are dropped (AI_ARTIST_PERFORMANCE_INBOX overrides)."""
    override = os.environ.get("AI_ARTIST_PERFORMANCE_INBOX")
    return Path(override) if override else root / "inbox" / "performance"
