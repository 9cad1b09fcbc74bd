import datetime as dt

import pytest

from ai_artist_dagster.providers.charts import ChartUnavailableError, chart_source
from ai_artist_dagster.providers.charts.base import validate_rows


def test_spotify_replay_returns_the_real_top_200_of_the_day():
    pull = chart_source("spotify_ph_daily").fetch_chart(dt.date(2020, 3, 6))
    assert len(pull.entries) == 200 and not pull.rejected
    first = pull.entries[0]
    assert (first.position, first.title, first.performer) == (1, "Intentions (feat. Quavo)", "Justin Bieber")
    assert first.streams and first.streams > 100_000
    assert first.last_position == 2  # from the previous day's chart


def test_billboard_replay_gives_the_weekly_chart_in_force():
    pull = chart_source("billboard_hot100").fetch_chart(dt.date(2020, 3, 6))
    assert pull.published_date == dt.date(2020, 2, 29)
    assert len(pull.entries) == 100 and not pull.rejected
    assert all(e.chart_date == dt.date(2020, 3, 6) for e in pull.entries)


@pytest.mark.parametrize(("source", "date"), [("spotify_ph_daily", "2021-01-01"), ("billboard_hot100", "2021-05-01")])
def test_dates_without_a_chart_fail_clearly(source, date):
    with pytest.raises(ChartUnavailableError, match="no"):
        chart_source(source).fetch_chart(dt.date.fromisoformat(date))


def test_unknown_source_names_the_choices():
    with pytest.raises(ValueError, match="billboard_hot100"):
        chart_source("myspace")


def test_bad_rows_are_kept_with_their_reason_not_dropped():
    rows = [
        {"position": 1, "title": "Good\x00 Song", "performer": "A", "song_key": "k1"},
        {"position": 0, "title": "Bad position", "performer": "B", "song_key": "k2"},
        {"position": 2, "title": "", "performer": "C", "song_key": "k3"},
    ]
    pull = validate_rows("test", dt.date(2020, 1, 1), dt.date(2020, 1, 1), rows)
    assert [e.title for e in pull.entries] == ["Good Song"]  # control characters stripped
    assert len(pull.rejected) == 2 and all(r["error"] for r in pull.rejected)


def test_audio_features_cover_every_charting_spotify_track():
    features = {f.song_key: f for f in chart_source("spotify_ph_daily").audio_features()}
    pull = chart_source("spotify_ph_daily").fetch_chart(dt.date(2019, 6, 1))
    assert all(e.song_key in features for e in pull.entries)
    assert any(f.genres for f in features.values())
