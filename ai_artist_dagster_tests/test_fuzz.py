"""Property-based fuzzing (hypothesis) of everything that parses outside input: review button
tokens and Telegram updates, distributor reports, chart rows and live chart feeds, LLM replies,
writer routes, and secret redaction. Each parser either answers or raises its one documented
error; nothing else escapes, and nothing is lost silently."""

import contextlib
import csv
import datetime as dt
import io
import json
import string

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ai_artist_dagster.domain.errors import redact
from ai_artist_dagster.domain.performance import MAPPINGS, MalformedReport, UnknownReportFormat, parse_report
from ai_artist_dagster.domain.review.signing import TokenError, sign, verify
from ai_artist_dagster.domain.review.updates import RawUpdate, interpret
from ai_artist_dagster.providers.charts.base import validate_rows
from ai_artist_dagster.providers.charts.live import ChartFetchError, LiveChart, LiveChartSource
from ai_artist_dagster.providers.writer.registry import parse_specs
from ai_artist_dagster.providers.writer.schema import parse_json_reply

SECRET = b"fuzz-review-secret-0123456789"
NOW = 1_800_000_000.0
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=25,
)
cell = st.text(alphabet=st.characters(blacklist_characters='\r\n",\t\x00', blacklist_categories=("Cs",)), max_size=20)


@pytest.mark.slow
@given(st.text(max_size=80))
def test_any_callback_data_is_verified_or_refused(token):
    try:
        verified = verify(SECRET, token, NOW)
    except TokenError:
        return
    assert verified.expires_at >= NOW  # only a genuinely signed, unexpired token gets through


@given(st.sampled_from(["approved", "rejected", "regenerate"]), st.text(min_size=1, max_size=60), st.data())
def test_signed_tokens_round_trip_and_any_tampering_is_refused(decision, piece, data):
    token = sign(SECRET, decision, piece, ttl_s=3600, now=NOW)
    assert len(token.encode()) <= 64 and verify(SECRET, token, NOW).decision == decision
    i = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.sampled_from(string.ascii_letters + string.digits + ":"))
    assume(replacement != token[i])
    with pytest.raises(TokenError):
        verify(SECRET, token[:i] + replacement + token[i + 1 :], NOW)


updates = st.builds(
    RawUpdate,
    update_id=st.integers(1, 10_000),
    chat_id=st.sampled_from([-100, -200, None]),
    user_id=st.sampled_from([1, 2, 3, None]),
    callback_id=st.none() | st.text(max_size=5),
    data=st.none() | st.text(max_size=40) | st.sampled_from(["signed:p1", "signed:p2"]),
    text=st.none() | st.text(max_size=20),
    reply_to_message_id=st.none() | st.sampled_from([10, 11, 99]),
)


@given(st.lists(updates, max_size=25, unique_by=lambda u: u.update_id))
def test_telegram_updates_decide_each_pending_piece_at_most_once_and_only_for_reviewers(raw):
    from ai_artist_dagster.domain.review.signing import piece_ref

    pieces = {"p1": "2020-03-06|a", "p2": "2020-03-06|b"}
    raw = [
        u
        if not (u.data or "").startswith("signed:")
        else RawUpdate(**{**u.__dict__, "data": sign(SECRET, "approved", pieces[u.data[7:]], 3600, NOW)})
        for u in raw
    ]
    decisions, refusals = interpret(
        raw,
        secret=SECRET,
        chat_id=-100,
        allowed_users=frozenset({1, 2}),
        pending_by_ref={piece_ref(p): p for p in pieces.values()},
        pending_by_message={10: pieces["p1"], 11: pieces["p2"]},
        now=NOW,
    )
    by_id = {u.update_id: u for u in raw}
    assert len({d.piece_id for d in decisions}) == len(decisions) and set(d.piece_id for d in decisions) <= set(
        pieces.values()
    )
    for d in decisions:
        u = by_id[d.update_id]
        assert u.chat_id == -100 and u.user_id in {1, 2}
    assert not {d.update_id for d in decisions} & {r.update_id for r in refusals}


@given(st.binary(max_size=400))
def test_any_bytes_are_a_report_or_an_unknown_format(data):
    try:
        parsed = parse_report(data)
    except UnknownReportFormat as exc:
        assert "expected the columns of" in str(exc)
        return
    except MalformedReport as exc:
        assert "at line" in str(exc)
        return
    assert parsed.format in {m.name for m in MAPPINGS}


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(MAPPINGS), st.lists(st.lists(cell, min_size=1, max_size=9), max_size=12))
def test_every_report_row_is_imported_or_rejected_with_its_line(mapping, body):
    header = list(dict.fromkeys(mapping.columns.values()))
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t" if mapping.name != "native" else ",", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    parsed = parse_report(out.getvalue().encode())
    lines = [n for n, _ in parsed.rows] + [r.row_number for r in parsed.rejects]
    nonblank = [i + 2 for i, row in enumerate(body) if row]  # csv writes [""] as "" (a row), [] as a blank line
    assert sorted(lines) == nonblank  # each data line exactly once: imported, or rejected with a reason
    assert all(r.error for r in parsed.rejects)


chart_rows = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "position": st.integers(-5, 300) | st.text(max_size=4) | st.none(),
            "title": st.text(max_size=400) | st.none() | st.integers(),
            "performer": st.text(max_size=40) | st.none(),
            "song_key": st.text(max_size=40) | st.none(),
            "streams": st.integers(-10, 10**9) | st.none() | st.text(max_size=3),
        },
    ),
    max_size=20,
)


@given(chart_rows)
def test_chart_rows_are_entries_or_rejected_never_dropped(rows):
    pull = validate_rows("fuzz", dt.date(2026, 11, 21), dt.date(2026, 11, 21), rows)
    assert len(pull.entries) + len(pull.rejected) == len(rows)
    assert all(e.title.isprintable() and 1 <= e.position <= 200 for e in pull.entries)


class _Feed(LiveChartSource):
    """A live source whose HTTP answer is the fuzzed value, parsed by the Apple source's code."""

    name = "apple_most_played"

    def __init__(self, feed):
        super().__init__("/nonexistent")
        self.feed = feed

    def pull(self) -> LiveChart:
        from ai_artist_dagster.providers.charts.apple import AppleMostPlayed

        apple = AppleMostPlayed(self.snapshot_dir, "http://apple.test")
        apple._feed = lambda: self.feed["feed"]  # what _feed returns after its own checks
        return apple.pull()


@given(st.fixed_dictionaries({"feed": json_values}) | st.fixed_dictionaries({"feed": st.fixed_dictionaries({}, optional={"results": st.lists(json_values, max_size=4), "updated": st.text(max_size=12)})}))  # fmt: skip
def test_a_live_feed_in_any_shape_is_a_chart_or_a_clear_fetch_error(feed):
    try:
        chart = _Feed(feed).checked_pull()
    except ChartFetchError as exc:
        assert "not in the shape this project reads" in str(exc) and "bundled" in str(exc)
        return
    pull = validate_rows(chart.source, dt.date(2026, 11, 21), chart.published, chart.rows)
    assert len(pull.entries) + len(pull.rejected) == len(chart.rows)


@given(st.text(max_size=200))
def test_any_llm_reply_is_json_or_a_decode_error(text):
    with contextlib.suppress(json.JSONDecodeError):
        parse_json_reply(text)


@given(json_values.filter(lambda v: isinstance(v, dict)), st.text(max_size=20).filter(lambda t: "{" not in t and "}" not in t), st.booleans())  # fmt: skip
def test_an_object_wrapped_in_prose_or_fences_is_recovered(obj, prose, fenced):
    body = json.dumps(obj)
    reply = f"```json\n{body}\n```" if fenced else f"{prose}\n{body}\n{prose}"
    assert parse_json_reply(reply) == obj


@given(st.text(max_size=60))
def test_writer_routes_parse_or_name_the_known_providers(text):
    try:
        specs = parse_specs(text)
    except ValueError as exc:
        assert "known:" in str(exc)
        return
    assert len(specs) == len(set(specs))


@given(st.lists(st.text(min_size=6, max_size=16), min_size=1, max_size=3), st.text(max_size=40), st.data())
def test_redaction_leaves_no_secret_behind(secrets, noise, data):
    assume(all(s not in "<redacted>" for s in secrets))  # a "secret" inside the placeholder itself
    pieces = data.draw(st.lists(st.sampled_from([*secrets, noise]), max_size=6))
    text = "".join(pieces)
    cleaned = redact(text, sorted(set(secrets), key=len, reverse=True))
    assert not [s for s in secrets if s in cleaned]
