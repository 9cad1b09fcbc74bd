"""Reading configuration from environment variables, with errors that name the variable.

A typo in `.env` should say which variable is wrong and what it accepts, not end in a
traceback from deep inside definitions loading.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TypeVar

TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
T = TypeVar("T")


class ConfigurationError(ValueError):
    """An environment variable holds a value the project cannot use."""


def env_str(name: str, default: str) -> str:
    return os.environ.get(name) or default


def _bad(name: str, value: str, wanted: str) -> ConfigurationError:
    return ConfigurationError(
        f"{name}={value!r} is not {wanted}; fix it in your environment or .env (see .env.example)"
    )


def _converted(name: str, default: object, convert: Callable[[str], T], wanted: str) -> T:
    value = env_str(name, str(default))
    try:
        return convert(value)
    except ValueError:
        raise _bad(name, value, wanted) from None


def _bounded(name: str, number: T, low: float | None, high: float | None, wanted: str) -> T:
    if (low is not None and number < low) or (high is not None and number > high):  # type: ignore[operator]
        bounds = f"≥ {low}" if high is None else f"≤ {high}" if low is None else f"between {low} and {high}"
        raise _bad(name, str(number), f"{wanted} {bounds}")
    return number


def env_int(name: str, default: int, low: int | None = None, high: int | None = None, even: bool = False) -> int:
    """``even``: for frame sizes, since H.264 in yuv420p needs even widths and heights."""
    wanted = "an even whole number" if even else "a whole number"
    value = _bounded(name, _converted(name, default, int, wanted), low, high, wanted)
    if even and value % 2:
        raise _bad(name, str(value), wanted)
    return value


def env_float(name: str, default: float, low: float | None = None, high: float | None = None) -> float:
    value = _converted(name, default, float, "a number")
    if value != value or value in (float("inf"), float("-inf")):
        raise _bad(name, str(value), "a finite number")
    return _bounded(name, value, low, high, "a number")


def env_id_list(name: str) -> str:
    """A comma-separated list of whole numbers (e.g. Telegram user ids), checked and normalised."""
    value = env_str(name, "")
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if not all(p.lstrip("-").isdigit() for p in parts):
        raise _bad(name, value, "a comma-separated list of whole numbers (Telegram user ids)")
    return ",".join(parts)


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name, "true" if default else "false").strip().lower()
    if value not in TRUE + FALSE:
        raise _bad(name, value, f"true or false ({', '.join(TRUE + FALSE)})")
    return value in TRUE


def env_choice(name: str, default: str, choices: Iterable[str]) -> str:
    value, allowed = env_str(name, default), sorted(choices)
    if value not in allowed:
        raise _bad(name, value, f"one of {', '.join(allowed)}")
    return value


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
