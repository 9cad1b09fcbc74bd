"""Reading configuration from environment variables, with errors that name the variable.

A typo in `.env` should say which variable is wrong and what it accepts, not end in a
traceback from deep inside definitions loading.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Literal, TypeVar, get_args, get_origin

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo


class ConfigurationError(ValueError):
    """An environment variable holds a value the project cannot use."""


M = TypeVar("M", bound=BaseModel)
BOOL_WORDS = "1, true, yes, on, 0, false, no, off"


def from_env(cls: type[M], choices: Mapping[str, Iterable[str]] | None = None, **variables: str) -> M:
    """``cls`` (a resource) with each field named in ``variables`` taken from that environment
    variable when it is set (and among its ``choices``, if given), else the field's own default: each default and each rule (type, range,
    choices) is declared once, on the field. A value the field refuses is a ConfigurationError that
    names the variable and what it accepts."""
    values = {field: raw for field, var in variables.items() if (raw := os.environ.get(var, "").strip())}
    for field, allowed in (choices or {}).items():  # choices known only at run time (a provider registry)
        if field in values and values[field] not in allowed:
            raise _bad(variables[field], values[field], f"one of {', '.join(sorted(allowed))}")
    try:
        return cls(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        # a rule across fields (a model validator) has no location: its message names the field
        field = str(error["loc"][0]) if error["loc"] else next((f for f in values if f in error["msg"]), "")
        if field not in variables or field not in values:
            raise
        if error["type"] == "value_error":  # a validator's own words: "unknown day(s) ['funday']; use mon,…"
            raise _bad(variables[field], values[field], error["msg"].removeprefix("Value error, "), said=True) from None
        raise _bad(variables[field], values[field], wanted(cls.model_fields[field], error["type"])) from None


def wanted(field: FieldInfo, error: str = "") -> str:
    """What a field accepts, in words, for the kind of ``error`` pydantic found: "a number" for text that
    is none, "an even whole number between 144 and 4320" for one out of range, "one of a, b", …"""
    if isinstance(field.json_schema_extra, dict) and "wanted" in field.json_schema_extra:
        return str(field.json_schema_extra["wanted"])
    kind = field.annotation
    if get_origin(kind) is Literal:
        return f"one of {', '.join(sorted(map(str, get_args(kind))))}"
    if kind is bool:
        return f"true or false ({BOOL_WORDS})"
    if any(isinstance(m, annotated_types.Gt) and m.gt == 0 for m in field.metadata):
        return "a positive number"
    low = next((m.ge for m in field.metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in field.metadata if isinstance(m, annotated_types.Le)), None)
    even = any(isinstance(m, annotated_types.MultipleOf) and m.multiple_of == 2 for m in field.metadata)
    finite = any(getattr(m, "allow_inf_nan", True) is False for m in field.metadata)
    if error in ("int_parsing", "int_from_float"):
        return "a whole number"
    if error == "float_parsing":
        return "a number"
    if error == "finite_number":
        return "a finite number"
    noun = (
        ("an even whole number" if even else "a whole number")
        if kind is int
        else ("a finite number" if finite else "a number")
    )
    if low is not None and high is not None:
        return f"{noun} between {low:g} and {high:g}"
    if low is not None:
        return f"{noun} ≥ {low:g}"
    return f"{noun} ≤ {high:g}" if high is not None else noun


def _bad(name: str, value: str, wanted: str, said: bool = False) -> ConfigurationError:
    """``NAME='value' is not <what it accepts>``, or ``NAME='value': <what a validator said>``."""
    why = f": {wanted}" if said else f" is not {wanted}"
    return ConfigurationError(f"{name}={value!r}{why}; fix it in your environment or .env (see .env.example)")


def configuration_error(exc: BaseException) -> ConfigurationError | None:
    """The ConfigurationError behind ``exc`` (definitions loading wraps it), if any."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ConfigurationError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
