"""A failed run, as the error analysis sees it, and what it concludes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

ErrorCategory = Literal["provider_outage", "budget", "bad_input", "bug"]


class ErrorBrief(BaseModel):
    """The failure, with secrets already removed."""

    run_id: str
    job: str
    partition: str = ""
    step: str = ""
    error_class: str = ""
    message: str
    stack_tail: list[str] = Field(default_factory=list, description="the last lines of the stack trace")


class ErrorDiagnosis(BaseModel):
    category: ErrorCategory
    summary: str = Field(max_length=300)
    likely_cause: str = Field(max_length=500)
    next_steps: list[str] = Field(min_length=1, max_length=5)
    suggested_patch: str | None = Field(
        None, description="a unified diff for a human to review; never applied automatically"
    )
