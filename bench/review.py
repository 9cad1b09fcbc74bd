"""The Telegram review sensor on 1,000 pending updates in one tick (bar ≤ 2 s): getUpdates in
pages of 100 through the real PTB client from a local fake Bot API, signature and rule checks,
1,000 run requests. (Accepted presses are answered by their decision runs; answering 1,000 over
HTTP inside the tick took 4.7 s against the same fake.)"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

N = 1000
TOKEN = "4242:bench-token"
SECRET = "bench-review-secret-0123456789"


@contextmanager
def fake_in_another_process(updates: list[dict], tmp: Path) -> Iterator[str]:
    """The fake Bot API in its own process, as Telegram would be (not sharing this one's GIL)."""
    from ai_artist_dagster_tests.telegram_fake import serve_forever

    port_file = tmp / "fake.url"
    process = multiprocessing.get_context("spawn").Process(
        target=serve_forever, args=(TOKEN, updates, str(port_file)), daemon=True
    )
    process.start()
    try:
        for _ in range(200):
            if port_file.exists():
                break
            time.sleep(0.05)
        yield port_file.read_text()
    finally:
        process.kill()
        process.join()


def run() -> list[tuple[str, str, str, str]]:
    import dagster as dg

    from ai_artist_dagster.components.approval.store import decision_row
    from ai_artist_dagster.components.approval.telegram import TelegramResource
    from ai_artist_dagster.definitions import defs
    from ai_artist_dagster.defs.resources import WarehouseResource
    from ai_artist_dagster.domain.review.signing import sign
    from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows
    from ai_artist_dagster_tests.telegram_fake import FakeBot

    tmp = Path(tempfile.mkdtemp())
    os.environ.update(TELEGRAM_BOT_TOKEN=TOKEN, AI_ARTIST_REVIEW_SECRET=SECRET)
    wh = Warehouse(tmp / "w.duckdb")
    artists = [f"artist-{i:04d}" for i in range(N)]
    with wh.write() as con:
        insert_rows(
            con,
            "review_decisions",
            [decision_row(f"2020-03-06__{a}", "2020-03-06", a, "pending", "system") for a in artists],
        )
    presser = FakeBot(token=TOKEN)
    for a in artists:
        presser.press(sign(SECRET.encode(), "approved", f"2020-03-06__{a}", 3600), user_id=1, chat_id=-5)
    with fake_in_another_process(presser.updates, tmp) as url, dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("artists", artists)
        resources = {
            "telegram": TelegramResource(chat_id="-5", allowed_user_ids="1", api_base_url=url),
            "warehouse": WarehouseResource(path=str(wh.path)),
        }
        context = dg.build_sensor_context(resources=resources, instance=instance)
        sensor = defs().get_sensor_def("telegram_review_sensor")
        start = time.perf_counter()
        result = sensor(context)
        elapsed = time.perf_counter() - start
        stats = httpx.get(f"{url}/__stats").json()
    assert len(result.run_requests) == N and stats["answered"] == 0  # accepted presses: answered by their runs
    return [
        (
            f"Telegram review sensor, one tick with {N:,} pending button presses",
            f"{elapsed:.2f} s",
            "bar ≤ 2 s",
            f"{N} run requests (each decision run answers its button); read through python-telegram-bot from a "
            "fake Bot API in another process on 127.0.0.1",
        )
    ]


if __name__ == "__main__":
    print(run())
