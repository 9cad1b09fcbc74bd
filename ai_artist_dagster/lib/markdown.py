"""Markdown for asset metadata. Cells are escaped: chart titles and LLM text are outside input,
and a `|` or a newline in one must not break the table it is shown in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def cell(value: object) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
