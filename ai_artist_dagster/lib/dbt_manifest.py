"""The dbt project as data: its models, their upstreams and columns, and its tests, read from dbt's
own manifest.json (so loading the code location never imports dbt-core; dbt runs as a subprocess).
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel


class DbtModel(BaseModel):
    unique_id: str
    name: str
    description: str = ""
    materialized: str = "view"
    relation: str = ""  # the table or view dbt builds, as the warehouse names it
    upstream_models: list[str] = []  # names of the models it reads
    upstream_assets: list[list[str]] = []  # asset keys of the sources it reads (meta.dagster.asset_key)
    columns: dict[str, str] = {}  # column -> description
    path: str = ""  # the model's SQL file, relative to the project


class DbtTest(BaseModel):
    unique_id: str
    name: str
    model: str  # the model it checks
    description: str = ""


class DbtManifest(BaseModel):
    models: list[DbtModel]
    tests: list[DbtTest]


def read_manifest(path: Path) -> DbtManifest:
    raw = json.loads(path.read_text())
    sources = {
        uid: s.get("meta", {}).get("dagster", {}).get("asset_key") or [s["name"]] for uid, s in raw["sources"].items()
    }
    nodes = raw["nodes"]
    models = []
    for uid, node in sorted(nodes.items()):
        if node["resource_type"] != "model":
            continue
        upstream = node.get("depends_on", {}).get("nodes", [])
        models.append(
            DbtModel(
                unique_id=uid,
                name=node["name"],
                description=node.get("description") or "",
                materialized=node.get("config", {}).get("materialized", "view"),
                relation=(node.get("relation_name") or "").replace('"', ""),
                upstream_models=[
                    nodes[u]["name"] for u in upstream if u in nodes and nodes[u]["resource_type"] == "model"
                ],
                upstream_assets=[sources[u] for u in upstream if u in sources],
                columns={c: (col.get("description") or "") for c, col in node.get("columns", {}).items()},
                path=node.get("original_file_path", ""),
            )
        )
    names = {m.unique_id: m.name for m in models}
    tests = []
    for uid, node in sorted(nodes.items()):
        if node["resource_type"] != "test":
            continue
        # a generic test names the model it is attached to; a singular test checks the one model it reads
        target = node.get("attached_node") or next(
            (u for u in node.get("depends_on", {}).get("nodes", []) if u in names), None
        )
        if target in names:
            tests.append(
                DbtTest(
                    unique_id=uid, name=node["name"], model=names[target], description=node.get("description") or ""
                )
            )
    return DbtManifest(models=models, tests=tests)
