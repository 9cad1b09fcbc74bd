"""What the shell prints of warehouse values (names, titles, reports' cells) is shown as text, never
obeyed: terminal control sequences are escaped, rich markup is not interpreted, and a CSV cell a
spreadsheet would run as a formula is quoted."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 but tab and newline, DEL, C1 (ESC, CSI…)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """``text`` with control characters shown as ``\\x1b`` instead of sent to the terminal."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def cell(value: Any) -> Text:
    """A table cell: the value as plain text (no rich markup, no control sequences); None as "—"."""
    return Text("—" if value is None else printable(str(value)))


def csv_cell(value: Any) -> Any:
    """A CSV cell: text printable, and quoted with ' when a spreadsheet would read it as a formula
    (OWASP's CSV injection rule); numbers and None as they are."""
    if not isinstance(value, str):
        return value
    shown = printable(value)
    return "'" + shown if shown.startswith(FORMULA_START) else shown
