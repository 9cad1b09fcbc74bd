"""Partitions shared by every domain (see docs/architecture.md)."""

from __future__ import annotations

import dagster as dg

# The first day the bundled daily chart (Spotify PH) covers; Billboard replays also start here so
# that date x artist stays well under Dagster's 100k-partitions guidance for years of artists.
FIRST_CHART_DATE = "2018-01-01"

# end_offset=1: today is a partition too, so a live chart can be pulled on its day.
chart_date_partitions = dg.DailyPartitionsDefinition(start_date=FIRST_CHART_DATE, end_offset=1)

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
