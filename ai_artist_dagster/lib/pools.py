"""Dagster pool names. `duckdb_write` has limit 1 (dagster.yaml): DuckDB allows one writer process."""

DUCKDB_WRITE = "duckdb_write"
