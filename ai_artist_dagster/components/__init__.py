"""Dagster components this project defines and another Dagster project could reuse (each configured
in a `defs.yaml` under defs/)."""
