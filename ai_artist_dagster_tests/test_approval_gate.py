"""The approval gate component on its own, as another Dagster project would use it: a gate asset
after some upstream asset, a gated asset held by the blocking `approved` check, channels that
switch autopilot, the shell and Telegram on or off, and every decision observed on the gate."""

import dagster as dg
import pytest
from dagster.components.testing.utils import component_defs
from typer.testing import CliRunner

from ai_artist_dagster.components.approval import ApprovalGate, TelegramResource, approved_check, store
from ai_artist_dagster.components.approval.component import load_gate
from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib import paths
from ai_artist_dagster.lib.partitions import artist_day_key, artist_day_partitions
from ai_artist_dagster.lib.warehouse import Warehouse
from ai_artist_dagster.providers.review import Preview

KEY = artist_day_key("2020-03-06", "nova")
PIECE = "2020-03-06__nova"


def preview(wh, item: store.ReviewItem) -> Preview:
    return Preview(
        piece_id=item.piece_id, artist="Nova", title="Song", score=7.0, points=["ok"], video_path=None,
        audio_path=None, buttons={},
    )  # fmt: skip


def always(wh, item: store.ReviewItem) -> bool:
    return True


@dg.asset(partitions_def=artist_day_partitions)
def made() -> None:
    """Stands for the upstream work (here: nothing)."""


@dg.asset(partitions_def=artist_day_partitions, deps=["gate"])
def held(context: dg.AssetExecutionContext) -> None:
    """Stands for a release: must never run for an item that is not approved."""


def gate(channels: list[str]) -> dg.Definitions:
    component = ApprovalGate(
        asset="gate",
        after=["made"],
        gated=["held"],
        partitions="ai_artist_dagster.lib.partitions:artist_day_partitions",
        preview=f"{__name__}:preview",
        autopilot=f"{__name__}:always",
        channels=channels,  # type: ignore[arg-type]
    )
    resources = {"warehouse": WarehouseResource(), "telegram": TelegramResource()}
    return dg.Definitions.merge(
        component_defs(component=component, resources=resources),
        dg.Definitions(
            assets=[made, held],
            jobs=[
                dg.define_asset_job("gated_job", dg.AssetSelection.checks(approved_check("gate")) | dg.AssetSelection.assets(held)),
                dg.define_asset_job("gate_job", dg.AssetSelection.assets("gate")),  # its checks come with it
            ],
            resources=resources,
        ),
    )  # fmt: skip


@pytest.fixture
def instance(isolated_env):
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("artists", ["nova"])
        yield instance


def observed(instance) -> list[dict]:
    records = instance.fetch_observations(dg.AssetKey("gate"), limit=20, ascending=True).records
    return [{k: v.value for k, v in r.asset_observation.metadata.items()} for r in records]


@pytest.mark.slow
def test_the_gated_asset_waits_for_approval(instance):
    defs = gate(["shell"])  # autopilot is not a channel: the autopilot hook is not asked
    wh = Warehouse(paths.warehouse_path())
    requested = dg.materialize(
        [defs.get_assets_def("gate")], partition_key=KEY, instance=instance, resources=defs.resources
    )
    assert requested.asset_materializations_for_node("gate")[0].metadata["status"].value == "pending"
    # with the gate's check but nothing gated in the run, waiting is no failure
    alone = defs.resolve_job_def("gate_job").execute_in_process(instance=instance, partition_key=KEY)
    [waiting] = alone.get_asset_check_evaluations()
    assert alone.success and waiting.passed is False and waiting.severity == dg.AssetCheckSeverity.WARN
    job = defs.resolve_job_def("gated_job")
    held_run = job.execute_in_process(instance=instance, partition_key=KEY, raise_on_error=False)
    [check] = held_run.get_asset_check_evaluations()
    assert check.check_name == "approved" and check.passed is False and "pending" in check.description
    assert not held_run.success and held_run.asset_materializations_for_node("held") == []
    store.record_from_shell(wh, instance, "gate", [store.decision(store.item_of(KEY), "approved", "shell:ana")])
    released = job.execute_in_process(instance=instance, partition_key=KEY)
    assert released.success and len(released.asset_materializations_for_node("held")) == 1
    assert released.get_asset_check_evaluations()[0].metadata["decided_by"].value == "shell:ana"
    assert [(o["decision"], o["decided_by"], o["channel"]) for o in observed(instance)] == [
        ("pending", "system", "system"),
        ("approved", "shell:ana", "shell"),
    ]  # fmt: skip


@pytest.mark.slow
def test_autopilot_approves_only_when_it_is_a_channel(instance):
    defs = gate(["shell", "autopilot"])
    result = dg.materialize(
        [defs.get_assets_def("gate")], partition_key=KEY, instance=instance, resources=defs.resources
    )
    meta = result.asset_materializations_for_node("gate")[0].metadata
    assert (meta["status"].value, meta["decided_by"].value) == ("approved", "autopilot")
    assert [o["decision"] for o in observed(instance)] == ["pending", "approved"]
    assert store.status(Warehouse(paths.warehouse_path()), PIECE).decision == "approved"


def test_channels_decide_what_the_gate_builds():
    assert [s.name for s in gate(["telegram", "shell"]).sensors] == ["telegram_review_sensor"]
    assert list(gate(["shell", "autopilot"]).sensors) == []
    with pytest.raises(ValueError, match="channels"):
        ApprovalGate.model_validate({**load_gate(REVIEW_YAML).model_dump(), "channels": ["email"]})


def test_the_projects_gate_is_its_defs_yaml():
    from ai_artist_dagster.definitions import defs

    configured = load_gate(REVIEW_YAML)
    assert (configured.asset, configured.after, configured.gated) == ("review_requests", ["reflections"], ["releases"])
    assert set(configured.channels) == {"telegram", "shell", "autopilot"}
    graph = defs().get_repository_def().asset_graph
    assert graph.get_check_spec(approved_check("review_requests")).blocking
    release_job = defs().resolve_job_def("release_job")
    assert approved_check("review_requests") in release_job.asset_layer.asset_graph.asset_check_keys


def test_the_shell_cannot_decide_when_it_is_not_a_channel(isolated_env, tmp_path, monkeypatch):
    from ai_artist_dagster.cli import review

    yaml = tmp_path / "defs.yaml"
    yaml.write_text(REVIEW_YAML.read_text().replace("channels: [telegram, shell, autopilot]", "channels: [telegram]"))
    monkeypatch.setattr(review, "REVIEW_GATE", yaml)
    result = CliRunner().invoke(review.review_app, ["approve", PIECE])
    assert result.exit_code != 0 and "takes no shell decisions" in result.output


REVIEW_YAML = paths.PROJECT_ROOT / "ai_artist_dagster" / "defs" / "review" / "defs.yaml"
