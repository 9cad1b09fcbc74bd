"""Offline error analysis: a failed step's error, classified by rules into provider outage,
budget, bad input or bug, with what to do next; and secret redaction for anything that is
stored or sent about a failure."""

from __future__ import annotations

import os
import re

from ai_artist_dagster.lib.schemas.errors import ErrorBrief, ErrorCategory, ErrorDiagnosis

SECRET_NAMES = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD|PASSWD|COOKIE)$", re.IGNORECASE)
# provider errors as the router, the music/footage providers and delivery word them
_OUTAGE = re.compile(
    r"HTTP 5\d\d|HTTP 429|timed out|timeout|cannot connect|cannot reach|connection|circuit open|"
    r"rate limit|unavailable|upload interrupted|every provider failed",
    re.IGNORECASE,
)
_BUDGET = re.compile(r"budget|BudgetExceeded|credits left|quota", re.IGNORECASE)
_BAD_INPUT = re.compile(
    r"ValidationError|validation error|expected a date|must be|not pending|unknown (decision|music|footage)|"
    r"malformed|invalid|no .* of |materialize \w+ first|does not match|HTTP 4\d\d|authentication failed|"
    r"refused the key|check \w+_(KEY|PASSWORD)",
    re.IGNORECASE,
)
# What an exception's type alone says, checked before any message pattern: the project's own errors
# name their cause (a report the importer cannot read is bad input whatever its message says).
_CATEGORY_OF_CLASS: dict[str, ErrorCategory] = {
    "BudgetExceeded": "budget",
    "ReportError": "bad_input",
    "UnknownReportFormat": "bad_input",
    "MalformedReport": "bad_input",
    "ConfigurationError": "bad_input",
    "ValidationError": "bad_input",
    "TokenError": "bad_input",
    "IdentifierError": "bad_input",
    "MissingRecordError": "bad_input",
    "ChartUnavailableError": "bad_input",
    "DagsterUnknownPartitionError": "bad_input",
    "DagsterInvalidConfigError": "bad_input",
    "ChartFetchError": "provider_outage",
    "TelegramError": "provider_outage",
    "MusicProviderError": "provider_outage",
    "FootageError": "provider_outage",
    "ConnectionError": "provider_outage",
    "ConnectError": "provider_outage",
    "ConnectTimeout": "provider_outage",
    "ReadTimeout": "provider_outage",
    "TimeoutError": "provider_outage",
}
_BUG_CLASSES = {
    "TypeError",
    "AttributeError",
    "KeyError",
    "IndexError",
    "NameError",
    "AssertionError",
    "ZeroDivisionError",
}


def secret_values(environ: dict[str, str] | None = None) -> list[str]:
    """Values of environment variables whose names say they are secrets (longest first)."""
    env = os.environ if environ is None else environ
    values = {v for k, v in env.items() if SECRET_NAMES.search(k) and len(v) >= 6}
    return sorted(values, key=len, reverse=True)


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "<redacted>")
    return re.sub(r"bot\d+:[A-Za-z0-9_-]{20,}", "bot<redacted>", text)  # Telegram token shapes in URLs


def category_of(brief: ErrorBrief) -> ErrorCategory:
    """By the exception's type when it says enough, else by the message's wording."""
    if brief.error_class in _CATEGORY_OF_CLASS:
        return _CATEGORY_OF_CLASS[brief.error_class]
    text = f"{brief.error_class} {brief.message}"
    if _BUDGET.search(text):
        return "budget"
    if brief.error_class in _BUG_CLASSES:
        return "bug"
    if _OUTAGE.search(text):
        return "provider_outage"
    if _BAD_INPUT.search(text):
        return "bad_input"
    return "bug"


ADVICE: dict[ErrorCategory, tuple[str, list[str]]] = {
    "provider_outage": (
        "An external service (LLM, music API, footage, Telegram or SFTP) failed or was unreachable.",
        [
            "Re-execute the run from the Dagster UI once the service is back; work is idempotent.",
            "Check the provider's status page and the circuit breaker state in the run's logs.",
            "Keep the offline provider last in the route so outages degrade instead of fail.",
        ],
    ),
    "budget": (
        "A spending limit stopped a paid call (LLM budget, music credits or footage quota).",
        [
            "Raise AI_ARTIST_LLM_BUDGET_RUN_USD / _DAY_USD, top up credits, or wait for the quota to reset.",
            "Check `ai-artist costs` for what was spent.",
        ],
    ),
    "bad_input": (
        "The run was given, or found, data it cannot use (configuration, partition, upstream rows).",
        [
            "Read the message: it names the value and the variable or asset to fix.",
            "Materialize the missing upstream asset, or fix the configuration, then re-execute.",
        ],
    ),
    "bug": (
        "The code failed in a way no input should cause.",
        [
            "Open the run in the Dagster UI and read the full stack trace of the failed step.",
            "Reproduce with the same partition in a test, fix, and add the test.",
            "Open an issue with the run id and this report.",
        ],
    ),
}


def diagnose(brief: ErrorBrief) -> ErrorDiagnosis:
    """The rule-based diagnosis (the offline writer's answer to the error_diagnosis task)."""
    category = category_of(brief)
    cause, steps = ADVICE[category]
    where = (
        f"{brief.job}"
        + (f" [{brief.partition}]" if brief.partition else "")
        + (f", step {brief.step}" if brief.step else "")
    )
    first_line = (brief.message.strip().splitlines() or [""])[0]
    return ErrorDiagnosis(
        category=category,
        summary=f"{category.replace('_', ' ')} in {where}: {first_line}"[:300],
        likely_cause=cause,
        next_steps=steps,
        suggested_patch=None,
    )
