"""Partitions shared by every domain (see docs/architecture.md)."""

from __future__ import annotations

import datetime as dt
import os

import dagster as dg

# The first day the bundled daily chart (Spotify PH) covers; Billboard replays also start here so
# that date x artist stays well under Dagster's 100k-partitions guidance for years of artists.
FIRST_CHART_DATE = "2018-01-01"

DEFAULT_CHART_SOURCE = "spotify_ph_daily"
# The last day each bundled replay has a chart for (Billboard's last weekly chart, 2026-08-22, is in
# force for 7 days). Live sources have no last day: their partitions run to today.
BUNDLED_LAST_CHART_DATE = {"spotify_ph_daily": "2020-09-15", "billboard_hot100": "2026-08-28"}


def chart_date_partitions_for(source: str) -> dg.DailyPartitionsDefinition:
    """Days that can have a chart from ``source``: a bundled replay's range, or up to today for a live
    source. end_offset=1 makes a day a partition on that day (a live chart is pulled on its day, and
    the daily schedule runs the day of its tick); end_date caps a replay at its last chart."""
    last = BUNDLED_LAST_CHART_DATE.get(source)
    end = (dt.date.fromisoformat(last) + dt.timedelta(days=1)).isoformat() if last else None  # exclusive
    return dg.DailyPartitionsDefinition(start_date=FIRST_CHART_DATE, end_date=end, end_offset=1)


def chart_date_error(date: str, source: str | None = None) -> str | None:
    """Why ``date`` is no chart date of ``source`` (default: the configured one), or None when it is."""
    source = source or os.environ.get("AI_ARTIST_CHART_SOURCE") or DEFAULT_CHART_SOURCE
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        day = None
    if day is None or day.isoformat() != date:  # fromisoformat also takes 20200306, which is no partition key
        return f"{date!r} is not a date (YYYY-MM-DD)"
    last = BUNDLED_LAST_CHART_DATE.get(source) or dt.datetime.now(dt.UTC).date().isoformat()
    if not FIRST_CHART_DATE <= day.isoformat() <= last:
        hint = " or set AI_ARTIST_CHART_SOURCE to another source" if source in BUNDLED_LAST_CHART_DATE else ""
        return f"{date} is outside the chart dates of {source} ({FIRST_CHART_DATE} … {last}); pick a date in that range{hint}."
    return None


# Partitions are part of the definitions, so they follow the configured source when the code location loads.
chart_date_partitions = chart_date_partitions_for(os.environ.get("AI_ARTIST_CHART_SOURCE") or DEFAULT_CHART_SOURCE)

artist_partitions = dg.DynamicPartitionsDefinition(name="artists")

artist_day_partitions = dg.MultiPartitionsDefinition({"date": chart_date_partitions, "artist": artist_partitions})


def artist_day_key(date: str, artist_id: str) -> dg.MultiPartitionKey:
    return dg.MultiPartitionKey({"date": date, "artist": artist_id})


def split_artist_day(context: dg.AssetExecutionContext | dg.OpExecutionContext) -> tuple[str, str]:
    """(date, artist_id) of the running artist_day partition."""
    key = context.partition_key
    if not isinstance(key, dg.MultiPartitionKey):
        raise dg.Failure(f"expected a date x artist partition key, got {key!r}")
    dims = key.keys_by_dimension
    return dims["date"], dims["artist"]
