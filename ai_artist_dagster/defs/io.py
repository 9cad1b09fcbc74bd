"""The pieces' IO manager: a piece's lyrics, track, video, review status and release arrive in the
next asset as typed models (Lyrics, TrackInfo, VideoInfo, ItemStatus, ReleaseRecord), read from the
warehouse by the partition's piece id.

Each asset writes its own rows, in one transaction with its ledgers (llm_calls, music_calls,
arm_assignments) and inside the `duckdb_write` pool, so storing an output here writes nothing; what
this manager owns is the one way a downstream asset gets an upstream piece: typed, by partition,
never by a query of its own.
"""

from collections.abc import Callable

import dagster as dg
from pydantic import BaseModel

from ai_artist_dagster.components.approval import store
from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib import media, records
from ai_artist_dagster.lib.warehouse import Warehouse

PIECE_IO_MANAGER = "piece_io_manager"


def _video(wh: Warehouse, pid: str) -> BaseModel:
    video = records.video(wh, pid)
    if video is None:
        raise records.MissingRecordError(
            f"no video of {pid} in {wh.location}; materialize videos for this partition first"
        )
    return video


def _review(wh: Warehouse, pid: str) -> BaseModel:
    status = store.status(wh, pid)
    if status is None:
        raise records.MissingRecordError(f"{pid} was never put up for review; materialize review_requests first")
    return status


LOADERS: dict[str, Callable[[Warehouse, str], BaseModel]] = {
    "lyrics": records.lyrics,
    "tracks": records.track,
    "videos": _video,
    "review_requests": _review,
    "releases": records.release,
}


class PieceIOManager(dg.ConfigurableIOManager):
    """Loads a piece's upstream asset from the warehouse (default ``$AI_ARTIST_DATA_DIR/warehouse.duckdb``)."""

    warehouse_path: str | None = None

    def handle_output(self, context: dg.OutputContext, obj: object) -> None:
        return None  # the asset has written its rows itself (see the module docstring)

    def load_input(self, context: dg.InputContext) -> BaseModel:
        name = context.asset_key.to_user_string()
        key = context.asset_partition_key
        if not isinstance(key, dg.MultiPartitionKey) or name not in LOADERS:
            raise dg.Failure(
                f"{PIECE_IO_MANAGER} loads pieces (date × artist) of {sorted(LOADERS)}, not {name} {key!r}"
            )
        dims = key.keys_by_dimension
        wh = WarehouseResource(path=self.warehouse_path).get()
        # Files the piece names are fetched from the media store when this worker does not hold them.
        return media.configured().localized(LOADERS[name](wh, records.piece_id(dims["date"], dims["artist"])))
