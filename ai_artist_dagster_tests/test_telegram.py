"""Telegram review: the real python-telegram-bot client against a local fake Bot API, the review
sensor's rules (who, where, what is signed, what is pending), and exactly-once decisions."""

import logging

import dagster as dg
import pytest

from ai_artist_dagster.components.approval.store import decision_row
from ai_artist_dagster.components.approval.telegram import TelegramResource
from ai_artist_dagster.definitions import defs
from ai_artist_dagster.defs.artists.resources import CalendarResource
from ai_artist_dagster.defs.cycle.sensors import cycle_sensor
from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.domain.review.signing import sign, verify
from ai_artist_dagster.lib import paths
from ai_artist_dagster.lib.partitions import artist_day_key
from ai_artist_dagster.lib.warehouse import Warehouse, insert_rows, now
from ai_artist_dagster_tests.telegram_fake import FakeBot, fake_telegram

# Built by the review gate component (defs/review/defs.yaml).
review_decision = defs().get_assets_def("review_decision")
telegram_review_sensor = defs().get_sensor_def("telegram_review_sensor")

TOKEN = "424242:telegram-test-token-SECRET"
SECRET = "review-secret-for-tests-0123456789"
CHAT, REVIEWER, STRANGER = -1001234, 5151, 6262
PIECES = {"2020-03-06__nova": ("2020-03-06", "nova"), "2020-03-06__kai": ("2020-03-06", "kai")}
PREVIEW_MESSAGE = 555


@pytest.fixture
def review_env(isolated_env, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("AI_ARTIST_REVIEW_SECRET", SECRET)
    wh = Warehouse(paths.warehouse_path())
    with wh.write() as con:
        insert_rows(
            con, "review_decisions", [decision_row(p, d, a, "pending", "system") for p, (d, a) in PIECES.items()]
        )
        insert_rows(
            con,
            "review_messages",
            [
                {
                    "piece_id": "2020-03-06__kai",
                    "channel": "telegram",
                    "chat_id": CHAT,
                    "message_id": PREVIEW_MESSAGE,
                    "sent_at": now(),
                }
            ],
        )
    bot = FakeBot(token=TOKEN)
    with fake_telegram(bot) as url, dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("artists", ["nova", "kai"])
        telegram = TelegramResource(chat_id=str(CHAT), allowed_user_ids=f"{REVIEWER}, 7373", api_base_url=url)
        yield bot, telegram, wh, instance


def tick(env, cursor=None):
    _, telegram, _, instance = env
    resources = {"telegram": telegram, "warehouse": WarehouseResource()}
    return telegram_review_sensor(dg.build_sensor_context(cursor=cursor, resources=resources, instance=instance))


def token(decision: str, piece: str, secret: str = SECRET, ttl: float = 3600) -> str:
    return sign(secret.encode(), decision, piece, ttl)


def configs(result) -> list[dict]:
    return [
        r.run_config["ops"]["review_decision"]["config"] | {"partition": r.partition_key} for r in result.run_requests
    ]


def test_buttons_fit_telegrams_limit_and_verify():
    data = token("regenerate", "2099-12-31__" + "x" * 60)
    assert len(data.encode()) <= 64 and verify(SECRET.encode(), data).decision == "regenerate"


def test_approve_reject_and_reply_feedback(review_env):
    bot = review_env[0]
    bot.press(token("approved", "2020-03-06__nova"), user_id=REVIEWER, chat_id=CHAT)
    bot.reply("more bass, shorter intro", to_message_id=PREVIEW_MESSAGE, user_id=REVIEWER, chat_id=CHAT)
    result = tick(review_env)
    assert configs(result) == [
        {
            "decision": "approved",
            "decided_by": f"telegram:{REVIEWER}",
            "source_id": "telegram:1",
            "feedback": None,
            "callback_id": bot.updates[0]["callback_query"]["id"],
            "partition": artist_day_key("2020-03-06", "nova"),
        },
        {
            "decision": "regenerate",
            "decided_by": f"telegram:{REVIEWER}",
            "source_id": "telegram:2",
            "feedback": "more bass, shorter intro",
            "callback_id": None,
            "partition": artist_day_key("2020-03-06", "kai"),
        },
    ]
    assert [r.run_key for r in result.run_requests] == ["telegram:1", "telegram:2"] and result.cursor == "2"
    assert bot.answered == {}  # accepted presses are answered by the decision run, with its outcome
    assert any("regenerating" in s.get("text", "") for s in bot.sent)
    assert tick(review_env, cursor=result.cursor).skip_message == "no new Telegram updates"


def test_refusals(review_env):
    bot = review_env[0]
    cases = {
        "forged": bot.press(
            token("approved", "2020-03-06__nova", secret="another-secret-0123456789"), user_id=REVIEWER, chat_id=CHAT
        ),
        "foreign chat": bot.press(token("rejected", "2020-03-06__nova"), user_id=REVIEWER, chat_id=-999),
        "stranger": bot.press(token("rejected", "2020-03-06__nova"), user_id=STRANGER, chat_id=CHAT),
        "stale": bot.press(token("approved", "2020-03-05__gone"), user_id=REVIEWER, chat_id=CHAT),
        "expired": bot.press(token("approved", "2020-03-06__kai", ttl=-1), user_id=REVIEWER, chat_id=CHAT),
        "tampered": bot.press(
            token("rejected", "2020-03-06__kai").replace("r:", "a:", 1), user_id=REVIEWER, chat_id=CHAT
        ),
    }
    result = tick(review_env)
    assert result.run_requests == [] and result.cursor == str(len(cases))
    said = {name: bot.answered[u["callback_query"]["id"]] for name, u in cases.items()}
    assert said == {
        "forged": "this button's signature is not valid",
        "foreign chat": "this chat is not the review chat",
        "stranger": "you are not an allowed reviewer",
        "stale": "this piece was already decided",
        "expired": "this button has expired; decide from the shell with `ai-artist review`",
        "tampered": "this button's signature is not valid",
    }


@pytest.mark.slow
def test_duplicates_and_replays_apply_once(review_env):
    bot, wh = review_env[0], review_env[2]
    piece = "2020-03-06__nova"
    first = bot.press(token("approved", piece), user_id=REVIEWER, chat_id=CHAT)
    bot.press(token("rejected", piece), user_id=7373, chat_id=CHAT)  # a second reviewer, same batch
    result = tick(review_env)
    assert [c["decision"] for c in configs(result)] == ["approved"]
    assert list(bot.answered.values()) == ["this piece was already decided"]  # the second reviewer
    request = result.run_requests[0]
    answers = []
    for _ in range(2):  # the run, and a replay of it
        assert dg.materialize(
            [review_decision],
            partition_key=request.partition_key,
            run_config=request.run_config,
            resources={"warehouse": WarehouseResource(), "telegram": review_env[1]},
            instance=review_env[3],
        ).success
        answers.append(bot.answered[first["callback_query"]["id"]])
    assert answers == ["Approved ✅", "this piece was already decided"]  # each run answers with its outcome
    rows = wh.query("SELECT decision, decided_by FROM review_decisions WHERE piece_id = ? ORDER BY decided_at", [piece])
    assert rows == [
        {"decision": "pending", "decided_by": "system"},
        {"decision": "approved", "decided_by": f"telegram:{REVIEWER}"},
    ]
    bot.updates.append(first)  # Telegram re-delivers the same update after a lost cursor
    again = tick(review_env)
    assert again.run_requests == [] and "already decided" in list(bot.answered.values())[-1]


def test_regenerate_decisions_rerun_content_with_the_feedback(review_env):
    wh, instance = review_env[2], review_env[3]
    with wh.write() as con:
        row = decision_row(
            "2020-03-06__kai", "2020-03-06", "kai", "regenerate", f"telegram:{REVIEWER}", "warmer chorus"
        )
        insert_rows(con, "review_decisions", [row])
    context = dg.build_sensor_context(
        resources={"warehouse": WarehouseResource(), "calendar": CalendarResource()}, instance=instance
    )
    [request] = [r for r in cycle_sensor(context).run_requests or [] if r.job_name == "content_job"]
    assert request.run_config == {"ops": {"lyrics": {"config": {"feedback": "warmer chorus", "regenerate": True}}}}
    assert request.run_key == f"regenerate:{row['decision_id']}"


def test_the_token_never_reaches_logs(review_env, caplog):
    bot = review_env[0]
    caplog.set_level(logging.DEBUG)
    bot.press(token("approved", "2020-03-06__nova"), user_id=REVIEWER, chat_id=CHAT)
    tick(review_env)
    assert "bot<secret>" in caplog.text or "getUpdates" in caplog.text  # the client did log its requests
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text
    assert SECRET not in caplog.text


def test_sensor_is_off_without_a_token(isolated_env, monkeypatch):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    with dg.instance_for_test() as instance:
        result = tick((None, TelegramResource(chat_id=str(CHAT)), None, instance))
    assert "TELEGRAM_BOT_TOKEN" in result.skip_message


@pytest.mark.parametrize(
    "data",
    [
        "a:0123456789:1:zzzzzz:ÄÖÜ🔥",  # non-ASCII where the signature goes (compare_digest raised TypeError)
        "a:0123456789:1:zzzzzz:\udcff\udcfe",  # lone surrogates, as a JSON \\u escape can carry
        "ä" * 4000,
        "a:b:c:d:e:f:g:h",
        "",
    ],
)
@pytest.mark.slow
def test_no_press_can_stall_the_review_loop(review_env, data):
    bot = review_env[0]
    bad = bot.press(data, user_id=REVIEWER, chat_id=CHAT)
    good = bot.press(token("approved", "2020-03-06__nova"), user_id=REVIEWER, chat_id=CHAT)
    result = tick(review_env)
    assert result.cursor == str(good["update_id"])  # the loop moved past the bad press
    assert [c["decision"] for c in configs(result)] == ["approved"]  # and decided the good one
    assert bot.answered[bad["callback_query"]["id"]] in {
        "this button is malformed",
        "this button's signature is not valid",
    }


def test_a_button_of_a_preview_older_than_a_regeneration_is_refused(review_env):
    bot, wh = review_env[0], review_env[2]
    piece = "2020-03-06__nova"
    first_preview = token("approved", piece)  # round 1
    with wh.write() as con:  # the reviewer asked for a regeneration; round 2 is pending now
        insert_rows(con, "review_decisions", [decision_row(piece, "2020-03-06", "nova", "regenerate", "telegram:1")])
        insert_rows(con, "review_decisions", [decision_row(piece, "2020-03-06", "nova", "pending", "system")])
    old = bot.press(first_preview, user_id=REVIEWER, chat_id=CHAT)
    result = tick(review_env)
    assert result.run_requests == []
    assert "out of date" in bot.answered[old["callback_query"]["id"]]
    current = sign(SECRET.encode(), "approved", piece, 3600, version=2)
    bot.press(current, user_id=REVIEWER, chat_id=CHAT)
    assert [c["decision"] for c in configs(tick(review_env, cursor=result.cursor))] == ["approved"]


def test_a_reply_to_a_preview_older_than_the_current_round_regenerates_nothing(review_env):
    bot, wh = review_env[0], review_env[2]
    with wh.write() as con:  # kai's preview (PREVIEW_MESSAGE) was answered; a new round began after it
        insert_rows(
            con, "review_decisions", [decision_row("2020-03-06__kai", "2020-03-06", "kai", "pending", "system")]
        )
    bot.reply("even more bass", to_message_id=PREVIEW_MESSAGE, user_id=REVIEWER, chat_id=CHAT)
    assert tick(review_env).run_requests == []


@pytest.mark.slow
def test_a_large_backlog_drains_in_bounded_ticks(review_env, monkeypatch):
    from ai_artist_dagster.components.approval import sensor as telegram_sensor

    monkeypatch.setattr(telegram_sensor, "UPDATES_PER_TICK", 250)
    bot = review_env[0]
    for _ in range(600):
        bot.press("forged:token", user_id=STRANGER, chat_id=CHAT)
    bot.press(token("approved", "2020-03-06__nova"), user_id=REVIEWER, chat_id=CHAT)
    cursors, decided = [], []
    cursor = None
    for _ in range(4):
        result = tick(review_env, cursor=cursor)
        if isinstance(result, dg.SkipReason):
            break
        cursor = result.cursor
        cursors.append(int(cursor))
        decided += configs(result)
    assert cursors == [250, 500, 601]
    assert [c["decision"] for c in decided] == ["approved"] and len(bot.answered) == 600


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("TELEGRAM_ALLOWED_USER_IDS", "abc", "comma-separated list of whole numbers"),
        ("TELEGRAM_CHAT_ID", "@my_group", "comma-separated list of whole numbers"),
        ("AI_ARTIST_REVIEW_SECRET", "tiny-s3cret", "shorter than 16 characters"),
    ],
)
def test_telegram_settings_are_checked_when_the_definitions_load(monkeypatch, name, value, says):
    from ai_artist_dagster.defs.resources import default_resources
    from ai_artist_dagster.lib.env import ConfigurationError

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_CHAT_ID", str(CHAT))
    monkeypatch.setenv("AI_ARTIST_REVIEW_SECRET", SECRET)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match=says) as info:
        default_resources()
    assert TOKEN not in str(info.value) and (name != "AI_ARTIST_REVIEW_SECRET" or value not in str(info.value))
