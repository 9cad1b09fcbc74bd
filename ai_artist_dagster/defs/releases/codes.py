"""Release codes (ISRC, video ISRC, UPC) that no two releases share, with any number of writers.

A piece reserves its codes in `code_reservations` in one short transaction, then checks them after
the commit: a reservation of the same code that committed earlier (a smaller rowid: DuckDB and
DuckLake number rows in commit order) wins, and the later one deletes its own and reserves again.
Of two releases racing for a code, the first committed keeps it whichever checks first. On the DuckDB
file there is one writer and the check never finds a rival; on DuckLake, transactions overlap.
"""

from __future__ import annotations

import random
import time

from ai_artist_dagster.lib.conflict import WarehouseConflict
from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows, now

ATTEMPTS = 20


class CodesExhausted(RuntimeError):
    pass


def reserve(wh: Warehouse, pid: str, year: int, isrc_prefix: str, upc_prefix: str) -> tuple[str, str, str]:
    """The piece's (ISRC, video ISRC, UPC): its release's if it has one, else reserved for it."""
    for _ in range(ATTEMPTS):
        try:
            mine, released = _reservation(wh, pid, year, isrc_prefix, upc_prefix)
            if released or not _lost(wh, pid):
                return mine
            with wh.write() as con:
                con.execute("DELETE FROM code_reservations WHERE piece_id = ?", [pid])
        except WarehouseConflict:  # another piece reserved at the same moment: look again
            time.sleep(random.uniform(0.05, 0.5))
    raise CodesExhausted(f"{pid}: no free release codes after {ATTEMPTS} reservations (too many releases at once?)")


def _reservation(
    wh: Warehouse, pid: str, year: int, isrc_prefix: str, upc_prefix: str
) -> tuple[tuple[str, str, str], bool]:
    """The piece's codes and whether they are its release's (final); else its reservation, made when
    it has none."""
    from ai_artist_dagster.domain.ddex.identifiers import ean13, isrc, next_designation, next_item

    with wh.write() as con:
        row = con.execute("SELECT isrc, video_isrc, upc FROM releases WHERE piece_id = ?", [pid]).fetchone()
        if row and all(row):
            return (row[0], row[1], row[2]), True
        mine = con.execute("SELECT isrc, video_isrc, upc FROM code_reservations WHERE piece_id = ?", [pid]).fetchone()
        if mine is None:
            taken = con.execute(
                "SELECT isrc, video_isrc, upc FROM releases UNION ALL "
                "SELECT isrc, video_isrc, upc FROM code_reservations"
            ).fetchall()
            codes = [c for r in taken for c in r if c]
            first = next_designation(codes, isrc_prefix, year)
            mine = (
                isrc(isrc_prefix, year, first),
                isrc(isrc_prefix, year, first + 1),
                ean13(upc_prefix, next_item(codes, upc_prefix)),
            )
            insert_rows(
                con,
                "code_reservations",
                [{"piece_id": pid, "isrc": mine[0], "video_isrc": mine[1], "upc": mine[2], "reserved_at": now()}],
            )
    return (mine[0], mine[1], mine[2]), False


def _lost(wh: Warehouse, pid: str) -> bool:
    """Whether another piece committed a reservation of one of ``pid``'s codes before ``pid`` did."""
    rivals = wh.query(
        """
        WITH mine AS (SELECT rowid AS id, isrc, video_isrc, upc FROM code_reservations WHERE piece_id = ?)
        SELECT count(*) AS n FROM code_reservations r, mine
        WHERE r.piece_id <> ? AND r.rowid < mine.id
          AND (r.isrc IN (mine.isrc, mine.video_isrc) OR r.video_isrc IN (mine.isrc, mine.video_isrc) OR r.upc = mine.upc)
        """,
        [pid, pid],
    )
    return rivals[0]["n"] > 0
