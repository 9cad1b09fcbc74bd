"""Distributor sales/stream reports (CSV or TSV) → typed rows, with every bad row kept and explained.

Two column mappings ship (docs/analytics.md documents both):
- ``native``: ``period, store, country, isrc, upc, title, artist, quantity, revenue_usd``;
- ``distrokid``: DistroKid's "bank details" export (TSV): ``Reporting Date, Sale Month, Store,
  Artist, Title, ISRC, UPC, Quantity, Team Percentage, Song/Album, Country of Sale,
  Songwriter Royalties Withheld, Earnings (USD)``.
The format is recognised from the header row.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from ai_artist_dagster.domain.errors import redact

ISRC = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}\d{7}$")
MAX_QUANTITY = 10**12
MAX_REVENUE_USD = 1e9


class ColumnMapping(BaseModel):
    name: str
    columns: dict[str, str]  # our field -> the report's header
    required: tuple[str, ...]


MAPPINGS = [
    ColumnMapping(
        name="native",
        columns={
            "period": "period",
            "store": "store",
            "country": "country",
            "isrc": "isrc",
            "upc": "upc",
            "title": "title",
            "artist_name": "artist",
            "quantity": "quantity",
            "revenue_usd": "revenue_usd",
        },
        required=("period", "store", "quantity", "revenue_usd"),
    ),
    ColumnMapping(
        name="distrokid",
        columns={
            "period": "Sale Month",
            "store": "Store",
            "country": "Country of Sale",
            "isrc": "ISRC",
            "upc": "UPC",
            "title": "Title",
            "artist_name": "Artist",
            "quantity": "Quantity",
            "revenue_usd": "Earnings (USD)",
        },
        required=("period", "store", "quantity", "revenue_usd", "isrc"),
    ),
]


class PerformanceRow(BaseModel):
    period: dt.date
    store: str = Field(min_length=1, max_length=100)
    country: str | None = Field(default=None, max_length=60)
    isrc: str | None = None
    upc: str | None = Field(default=None, pattern=r"^\d{12,14}$")
    title: str | None = Field(default=None, max_length=300)
    artist_name: str | None = Field(default=None, max_length=300)
    # Streams/sales are counts (a reversal is a correction the distributor must send as such); revenue may be
    # negative (chargebacks) but is finite and plausible; both fit the warehouse's BIGINT / DOUBLE columns.
    quantity: int = Field(ge=0, le=MAX_QUANTITY)
    revenue_usd: float = Field(ge=-MAX_REVENUE_USD, le=MAX_REVENUE_USD, allow_inf_nan=False)

    period_grain: Literal["day", "month"] = "day"  # "month": the report gave a month, stored as its first day

    @model_validator(mode="before")
    @classmethod
    def _month(cls, values: object) -> object:
        """ISO dates, or a month ("2024-03") meaning its first day, flagged as such."""
        if isinstance(values, dict) and re.fullmatch(r"\d{4}-\d{2}", str(values.get("period") or "").strip()):
            return {**values, "period": f"{str(values['period']).strip()}-01", "period_grain": "month"}
        return values

    @field_validator("isrc", mode="before")
    @classmethod
    def _isrc(cls, value: object) -> object:
        if value in (None, ""):
            return None
        text = str(value).replace("-", "").strip().upper()
        if not ISRC.match(text):
            raise ValueError(f"not an ISRC: {value!r}")
        return text

    @field_validator("quantity", "revenue_usd", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        return str(value).replace(",", "").replace("$", "").strip() if value is not None else value


class Reject(BaseModel):
    row_number: int
    row: str
    error: str


class ParsedReport(BaseModel):
    report_id: str
    format: str
    rows: list[tuple[int, PerformanceRow]]
    rejects: list[Reject]


class ReportError(ValueError):
    """The report as a whole cannot be read; nothing of it is imported."""


class UnknownReportFormat(ReportError):
    """The header matches no mapping."""


class MalformedReport(ReportError):
    """The file is not delimited text the csv reader can follow (e.g. a stray quote or NUL)."""


def report_id(data: bytes) -> str:
    """Content hash: the same report dropped twice (or renamed) is the same report."""
    return hashlib.sha256(data).hexdigest()[:32]


_COLUMN = re.compile(r"[A-Za-z][A-Za-z0-9 _/().%&#-]{0,39}")


def _column(header: str) -> str:
    """A header as an error may quote it: a column's name, or only its length — a file that is not a
    report (a key file reached through a link, a binary) must not have its first line echoed."""
    if _COLUMN.fullmatch(header) and all(len(word) <= 20 for word in header.split()):
        return header
    return f"<{len(header)} characters, not shown>"


def _mapping(headers: list[str]) -> ColumnMapping:
    present = {h.strip() for h in headers}
    for mapping in MAPPINGS:
        if all(mapping.columns[f] in present for f in mapping.required):
            return mapping
    wanted = "; ".join(f"{m.name}: {', '.join(m.columns[f] for f in m.required)}" for m in MAPPINGS)
    seen = [_column(h) for h in sorted(present)[:12]]
    raise UnknownReportFormat(f"unrecognised report header ({', '.join(seen)}); expected the columns of {wanted}")


def _shown(text: str, limit: int) -> str:
    """``text`` as safe, short, printable ASCII for messages and tables."""
    escaped = text.encode("ascii", "backslashreplace").decode("ascii")
    printable = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in escaped)
    return printable if len(printable) <= limit else printable[: limit - 1] + "…"


def parse_report(data: bytes, secrets: Sequence[str] = ()) -> ParsedReport:
    """The report's rows, and the rows it rejects with their reasons; ``secrets`` are removed from
    every quoted cell before it is cut short (a cut key would no longer match its redaction)."""
    text = data.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)  # \r\n, \n or \r lines
    try:
        mapping = _mapping(list(reader.fieldnames or []))
        records = list(enumerate(reader, start=2))  # line numbers as a spreadsheet shows them
    except csv.Error as exc:
        raise MalformedReport(f"not readable as delimited text at line {reader.line_num}: {exc}") from exc
    rows: list[tuple[int, PerformanceRow]] = []
    rejects: list[Reject] = []
    for number, raw in records:
        values = {f: (raw.get(h) or "").strip() or None for f, h in mapping.columns.items()}
        if None in raw:  # more cells than headers
            rejects.append(Reject(row_number=number, row=_raw(raw, secrets), error="more cells than header columns"))
            continue
        try:
            rows.append((number, PerformanceRow(**values)))
        except ValidationError as exc:
            err = exc.errors()[0]
            rejects.append(
                Reject(
                    row_number=number, row=_raw(raw, secrets), error=f"{'.'.join(map(str, err['loc']))}: {err['msg']}"
                )
            )
    return ParsedReport(report_id=report_id(data), format=mapping.name, rows=rows, rejects=rejects)


def _raw(raw: dict, secrets: Sequence[str]) -> str:
    return _shown(redact(repr({k: v for k, v in raw.items() if k is not None}), list(secrets)), 500)
