"""`ApprovalGate`: a human approval step for Dagster, configured in a defs.yaml.

It adds, for date × subject partitions:
- the gate asset (``asset``), after ``after``: each partition goes up for review as ``pending`` —
  or is approved at once on autopilot — and a pending item's preview goes to the Telegram chat;
- a blocking ``approved`` check on the gate: a run that selects it with the ``gated`` assets (which
  depend on the gate) skips them until the item is approved;
- the decision asset (``decision_asset``) and its job, which apply one remote decision exactly once,
  and ``telegram_review_sensor``, which turns signed button presses and replies into those runs.

Every decision is appended to the warehouse's `review_decisions` (state survives restarts) and
observed on the gate asset's partition with who decided, through which channel, and when.
docs/review.md shows the configuration and how another project would use it.
"""

import importlib
from pathlib import Path
from typing import Any

import dagster as dg
from pydantic import Field

from ai_artist_dagster.components.approval import decisions, gate, store
from ai_artist_dagster.lib.pools import DUCKDB_WRITE


def _load(ref: str) -> Any:
    """``module:attribute`` → the attribute."""
    module, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module), attr)


class ApprovalGate(dg.Component, dg.Resolvable, dg.Model):
    """A human approval step: a gate asset, a blocking `approved` check holding the gated assets,
    decisions from Telegram / the shell / autopilot, each recorded and observed."""

    asset: str = Field(description="Name of the gate asset this component adds.")
    after: list[str] = Field(description="Assets that must exist before an item goes up for review.")
    gated: list[str] = Field(description="Assets held until the item is approved (they depend on the gate).")
    partitions: str = Field(description="`module:attribute` of the date × subject PartitionsDefinition.")
    preview: str = Field(description="`module:attribute` of (warehouse, ReviewItem) -> Preview: what reviewers see.")
    autopilot: str | None = Field(None, description="`module:attribute` of (warehouse, ReviewItem) -> bool.")
    channels: list[store.Channel] = Field(default_factory=lambda: list(store.CHANNELS))
    decision_asset: str = "review_decision"
    token_ttl_hours: float | None = Field(
        None, gt=0, allow_inf_nan=False, description="Button lifetime; default: the telegram resource's."
    )
    allowed_user_ids: list[int] | None = Field(None, description="Reviewers; default: the telegram resource's.")
    poll_interval_seconds: int = Field(15, ge=5)

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        partitions: dg.MultiPartitionsDefinition = _load(self.partitions)
        [subject] = [d.name for d in partitions.partitions_defs if d.name != "date"]
        preview, autopilot = _load(self.preview), _load(self.autopilot) if self.autopilot else None
        channels, ttl = self.channels, self.token_ttl_hours

        @dg.asset(
            name=self.asset,
            deps=self.after,
            partitions_def=partitions,
            pool=DUCKDB_WRITE,
            kinds={"duckdb", *(["telegram"] if "telegram" in channels else [])},
            required_resource_keys={"warehouse", "telegram"},
            description=f"Puts the item up for review (`pending`), or approves it on autopilot; holds "
            f"{', '.join(self.gated)} until approved. Channels: {', '.join(channels)}. A decided item keeps its decision.",
        )
        def gate_asset(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
            return gate.request_review(context, channels, preview, autopilot, ttl)

        @dg.asset_check(
            asset=self.asset,
            name="approved",
            blocking=True,
            required_resource_keys={"warehouse"},
            description=f"the item is approved (holds {', '.join(self.gated)} in the same run until it is)",
        )
        def approved(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
            return decisions.check_approved(context, self.gated)

        @dg.asset(
            name=self.decision_asset,
            deps=[self.asset],
            partitions_def=partitions,
            pool=DUCKDB_WRITE,
            kinds={"duckdb", "telegram"},
            required_resource_keys={"warehouse", "telegram"},
            description="Applies one reviewer decision from outside the shell exactly once (the decision id is the "
            "update that carried it; only a pending item changes), then answers the reviewer's button.",
        )
        def decision_asset(context: dg.AssetExecutionContext, config: decisions.DecisionConfig) -> dg.MaterializeResult:
            return decisions.apply_decision(context, config, self.asset)

        job = dg.define_asset_job(
            f"{self.decision_asset}_job",
            selection=dg.AssetSelection.assets(self.decision_asset),
            partitions_def=partitions,
            description="Record one reviewer decision from Telegram (requested by telegram_review_sensor).",
        )
        sensors = []
        if "telegram" in channels:
            from ai_artist_dagster.components.approval.sensor import build_telegram_sensor

            def partition_of(date: str, subject_key: str) -> dg.MultiPartitionKey:
                return dg.MultiPartitionKey({"date": date, subject: subject_key})

            sensors.append(
                build_telegram_sensor(
                    job, self.decision_asset, partition_of, self.poll_interval_seconds, self.allowed_user_ids
                )
            )
        return dg.Definitions(assets=[gate_asset, decision_asset], asset_checks=[approved], jobs=[job], sensors=sensors)


def approved_check(gate_asset: str) -> dg.AssetCheckKey:
    """The key of a gate's `approved` check, for jobs that run its gated assets."""
    return dg.AssetCheckKey(dg.AssetKey(gate_asset), "approved")


def load_gate(defs_yaml: Path) -> ApprovalGate:
    """The gate a defs.yaml configures (literal values only), for tools outside Dagster such as the CLI."""
    import yaml

    return ApprovalGate.model_validate(yaml.safe_load(defs_yaml.read_text())["attributes"])
