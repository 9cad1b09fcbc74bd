"""The warehouse on DuckLake (catalog in the local PostgreSQL, Parquet in a folder or a local S3
server) and the media store on S3: many processes write at once, conflicting commits retry, an
analyst's sandbox reaches only the lake, and media published by one worker reach another's disk.

Skips when no PostgreSQL answers on 127.0.0.1:5432 — except under CI=true, where it fails."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import duckdb
import pytest

from ai_artist_dagster.lib.conflict import WarehouseConflict
from ai_artist_dagster.lib.lake import LakeSettings
from ai_artist_dagster.lib.media import MediaStore
from ai_artist_dagster.lib.warehouse import Warehouse, replace_rows
from ai_artist_dagster_tests.services import S3_KEYS, ducklake_catalog, postgres_database, s3_server

pytestmark = pytest.mark.slow


@pytest.fixture
def lake(tmp_path) -> LakeSettings:
    with postgres_database("the DuckLake tests") as database:
        yield LakeSettings(catalog=ducklake_catalog(database), data_path=f"{tmp_path / 'lake'}/")


def _write_schedule(args: tuple[LakeSettings, int]) -> int:
    settings, worker = args
    wh = Warehouse("unused", lake=settings)
    for slot in range(15):
        row = {"date": "2020-03-06", "artist_id": f"w{worker}-{slot}", "slot": slot, "reason": "new"}
        with wh.write() as con:
            replace_rows(con, "roster_schedule", {"date": row["date"], "artist_id": row["artist_id"]}, [row])
    return worker


def test_many_processes_write_the_lake_at_once_and_lose_nothing(lake):
    wh = Warehouse("unused", lake=lake)
    assert wh.query("SELECT count(*) AS n FROM piece_facts") == [{"n": 0}]  # tables and views made
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        assert sorted(pool.map(_write_schedule, [(lake, w) for w in range(3)])) == [0, 1, 2]
    rows = wh.query("SELECT artist_id, count(*) AS n FROM roster_schedule GROUP BY artist_id")
    assert len(rows) == 45 and {r["n"] for r in rows} == {1}


def test_a_conflicting_commit_asks_its_step_to_retry(lake):
    import dagster as dg

    wh = Warehouse("unused", lake=lake)
    row = {"date": "2020-03-06", "artist_id": "a", "slot": 1, "reason": "new"}
    with wh.write() as con:
        replace_rows(con, "roster_schedule", {"artist_id": "a"}, [row])
    with pytest.raises(WarehouseConflict) as raised, wh.write() as first:  # two writers interleaved by hand
        replace_rows(first, "roster_schedule", {"artist_id": "a"}, [row | {"slot": 2}])
        with wh.write() as second:
            replace_rows(second, "roster_schedule", {"artist_id": "a"}, [row | {"slot": 3}])
    assert isinstance(raised.value, dg.RetryRequested) and raised.value.max_retries >= 3
    assert "conflicting change" in str(raised.value) and "try again" in str(raised.value)
    assert wh.query("SELECT slot FROM roster_schedule WHERE artist_id = 'a'") == [{"slot": 3}]


def test_an_analysts_sandbox_reads_the_lake_and_nothing_else(lake, tmp_path):
    wh = Warehouse("unused", lake=lake)
    with wh.write() as con:
        replace_rows(con, "roster_schedule", {}, [{"date": "2020-03-06", "artist_id": "a", "slot": 1, "reason": "x"}])
    with wh.read(sandboxed=True) as con:
        assert con.execute("SELECT count(*) FROM roster_schedule").fetchone() == (1,)
        for statement in (
            f"COPY (SELECT 1) TO '{tmp_path / 'out.csv'}'",
            "SELECT * FROM read_text('/etc/hostname')",
            "DELETE FROM roster_schedule",
        ):
            with pytest.raises(duckdb.Error):
                con.execute(statement)
    assert "password" not in Warehouse("x", lake=LakeSettings("postgres:dbname=a password=s3cret", "/l/")).location


def test_media_published_by_one_worker_reach_another_through_s3(tmp_path, monkeypatch):
    from ai_artist_dagster.lib.schemas import VideoInfo

    for key, value in S3_KEYS.items():
        monkeypatch.setenv(key, value)
    with s3_server() as endpoint:
        monkeypatch.setenv("AI_ARTIST_S3_ENDPOINT_URL", endpoint)
        maker = MediaStore(tmp_path / "worker1", "s3://ai-artist/media")
        piece = tmp_path / "worker1" / "pieces" / "2020-03-06" / "a1"
        piece.mkdir(parents=True)
        (piece / "teaser.mp4").write_bytes(b"\x00video" * 1000)
        (piece / "thumbnail.png").write_bytes(b"png")
        info = VideoInfo(
            path=str(piece / "teaser.mp4"), thumbnail_path=str(piece / "thumbnail.png"), width=1, height=1, fps=1,
            duration_s=1, video_codec="h264", audio_codec=None, track_offset_s=0, size_bytes=6000,
        )  # fmt: skip
        published = maker.publish_paths(info)
        assert published.path == "s3://ai-artist/media/pieces/2020-03-06/a1/teaser.mp4"

        reader = MediaStore(tmp_path / "worker2", "s3://ai-artist/media")
        local = reader.localized(published)
        assert Path(local.path).read_bytes() == b"\x00video" * 1000
        assert Path(local.path).is_relative_to(tmp_path / "worker2")
        folder = reader.local(maker.publish(piece))  # a whole folder (a release)
        assert sorted(p.name for p in folder.iterdir()) == ["teaser.mp4", "thumbnail.png"]
        with pytest.raises(ValueError, match="not under the data directory"):
            maker.publish(tmp_path / "elsewhere.txt")


def _reserve_codes(args: tuple[LakeSettings, int]) -> list[tuple[str, str, str]]:
    from ai_artist_dagster.defs.releases.codes import reserve

    settings, worker = args
    wh = Warehouse("unused", lake=settings)
    return [reserve(wh, f"2020-03-06__w{worker}-{n}", 2020, "ZZAIA", "0200000") for n in range(5)]


def test_releases_made_at_once_by_many_processes_never_share_a_code(lake):
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        codes = [c for batch in pool.map(_reserve_codes, [(lake, w) for w in range(3)]) for c in batch]
    isrcs = [c[0] for c in codes] + [c[1] for c in codes]
    assert len(set(isrcs)) == 30 and len({c[2] for c in codes}) == 15
    again = _reserve_codes((lake, 0))  # a piece asking again gets the codes it kept
    assert again == codes[:5]


def test_maintenance_flushes_expires_and_merges_without_losing_a_row(lake, tmp_path):
    import datetime as dt

    from ai_artist_dagster.lib.maintenance import maintain

    wh = Warehouse("unused", lake=lake)
    for slot in range(12):  # twelve small commits: each inlines its row in the catalog, a snapshot each
        row = {"date": "2020-03-06", "artist_id": f"a{slot}", "slot": slot, "reason": "new"}
        with wh.write() as con:
            replace_rows(con, "roster_schedule", {"artist_id": row["artist_id"]}, [row])
    kept = wh.query("SELECT artist_id, slot FROM roster_schedule ORDER BY slot")

    done = maintain(wh, retain=dt.timedelta(0))
    assert done.backend == "ducklake"
    assert done.rows_flushed >= 12  # out of the catalog into Parquet
    assert done.snapshots_expired > 0 and done.snapshots_after < done.snapshots_before
    assert done.data_files_after >= 1
    assert wh.query("SELECT artist_id, slot FROM roster_schedule ORDER BY slot") == kept
    assert list((tmp_path / "lake").rglob("*.parquet"))
    again = maintain(wh, retain=dt.timedelta(0))  # idempotent: nothing left to flush
    assert again.rows_flushed == 0 and again.data_files_after == done.data_files_after
