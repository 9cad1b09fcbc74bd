"""Helpers for asset checks shared by several domains."""

from typing import Any

from pydantic import BaseModel, ValidationError


def revalidate(schema: type[BaseModel], stored_json: str, expected: BaseModel) -> dict[str, Any]:
    """Check kwargs: the stored JSON parses against ``schema`` and equals what was produced."""
    try:
        stored = schema.model_validate_json(stored_json)
    except ValidationError as exc:
        return {"passed": False, "metadata": {"error": str(exc)[:500]}}
    same = stored == expected
    return {"passed": same, "metadata": {"schema": schema.__name__, "round_trip_equal": same}}
