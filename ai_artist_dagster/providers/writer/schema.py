"""JSON schemas every provider accepts: pydantic's schema with ``$ref``s inlined and tuples
(``prefixItems``) turned into fixed-length arrays."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


def portable_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return walk(defs[node["$ref"].rsplit("/", 1)[-1]])
            node = {
                k: ({name: walk(sub) for name, sub in v.items()} if k == "properties" else walk(v))
                for k, v in node.items()
                if k not in ("title", "default")  # annotations only; a property may be called "title"
            }
            if "prefixItems" in node:
                items = node.pop("prefixItems")
                node["items"] = items[0]
                node["minItems"] = node["maxItems"] = len(items)
            return node
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)


def parse_json_reply(text: str) -> Any:
    """The JSON object in a reply; tolerates code fences and prose around one object."""
    stripped = _FENCE.sub("", text.strip()).strip()
    try:
        return json.loads(stripped)
    except json.JSONDecodeError:
        start, end = stripped.find("{"), stripped.rfind("}")
        if 0 <= start < end:
            return json.loads(stripped[start : end + 1])
        raise
