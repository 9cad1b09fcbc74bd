"""The pre-delivery gate: the signals stores use against spam and mislabelled AI music, checked on a
release before anyone receives it (docs/releases.md, *The gate*).

Pure: the facts of one release and its catalogue in, one finding per rule out. A release passes
when every rule passes or an operator has allowed the rules that did not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from pydantic import BaseModel, Field

# Words a store's explicit flag is about (lower case, whole words); a lyric with one is Explicit.
EXPLICIT_WORDS = frozenset(
    [
        "fuck",
        "fucking",
        "fucked",
        "fucker",
        "motherfucker",
        "shit",
        "shitty",
        "bullshit",
        "bitch",
        "bitches",
        "cunt",
        "dick",
        "pussy",
        "cock",
        "asshole",
        "nigga",
        "nigger",
        "whore",
        "slut",
        "bastard",
    ]
)
# Title words that belong in other fields or are search-engine bait ("… (Official Video)", "type beat").
TITLE_BAIT = ("official", "lyric video", "music video", "audio", "type beat", "remix", "sped up", "slowed")
# The rules, in the order they are checked and reported.
RULES = ("min_duration", "near_duplicate", "cadence", "metadata_style", "ai_disclosure", "explicit_flag")
FEATURING = re.compile(r"\b(feat|ft|featuring)\b\.?", re.IGNORECASE)


class GateRules(BaseModel):
    """Limits of the gate; defaults and ranges on GateResource (AI_ARTIST_GATE_* variables)."""

    min_duration_s: float
    duplicate_similarity: float
    artist_window_days: int
    max_per_artist: int  # releases of one artist within the window
    max_per_label_day: int


class CatalogueEntry(BaseModel):
    release_id: str
    artist_id: str
    title: str
    fingerprint: bytes


class GateFacts(BaseModel):
    """What the gate knows about one release."""

    release_id: str
    artist_id: str
    artist_name: str
    profile_name: str
    ern_artist: str
    title: str
    duration_s: float
    fingerprint: bytes
    lyric_lines: list[str]
    explicit_flag: str  # the ERN's ParentalWarningType
    ai_disclosure: str
    ern_has_disclosure: bool
    artist_releases_in_window: int  # this artist's other passed releases within the window
    label_releases_today: int  # the label's other passed releases on this date
    charting_names: list[str] = Field(default_factory=list)  # performers on the day's chart


class Finding(BaseModel):
    rule: str
    passed: bool
    detail: str
    allowed_by: str | None = None  # an operator who let it through


def explicit_words(lines: Iterable[str]) -> list[str]:
    """The explicit words the lyrics use, in order of first use."""
    seen: list[str] = []
    for line in lines:
        for word in re.findall(r"[a-z]+", line.lower()):
            if word in EXPLICIT_WORDS and word not in seen:
                seen.append(word)
    return seen


def parental_warning(lines: Iterable[str]) -> str:
    """The ERN ParentalWarningType the lyrics call for."""
    return "Explicit" if explicit_words(lines) else "NotExplicit"


def _has_emoji(text: str) -> bool:
    return any(unicodedata.category(ch) in {"So", "Sk", "Cs"} or 0x1F000 <= ord(ch) <= 0x1FAFF for ch in text)


def style_problems(field: str, text: str) -> list[str]:
    """Store metadata style rules for a title or an artist name."""
    problems = []
    if not text.strip():
        return [f"{field} is empty"]
    if text != text.strip() or "  " in text:
        problems.append(f"{field} has leading, trailing or double spaces")
    if FEATURING.search(text):
        problems.append(f'{field} credits a featured artist ("feat."): that belongs in the artist fields')
    if _has_emoji(text):
        problems.append(f"{field} contains emoji or symbols")
    letters = [ch for ch in text if ch.isalpha()]
    shouted = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 3 and w.isupper()]
    if len(shouted) >= 2 or (len(letters) > 3 and text.upper() == text and text.lower() != text):
        problems.append(f"{field} is in capitals (one acronym is fine)")
    if len(text) > 100:
        problems.append(f"{field} is {len(text)} characters long (stores cut at 100)")
    if any(not ch.isprintable() for ch in text):
        problems.append(f"{field} contains control characters")
    if bad := sorted(set(text) & set('<>"\\{}|')):
        problems.append(f"{field} contains {' '.join(bad)}, which store feeds refuse or mangle")
    return problems


def _rule(rule: str, problems: list[str], ok: str) -> Finding:
    return Finding(rule=rule, passed=not problems, detail="; ".join(problems) if problems else ok)


def evaluate(
    facts: GateFacts, catalogue: list[CatalogueEntry], rules: GateRules, allowed: dict[str, str] | None = None
) -> list[Finding]:
    """One finding per rule. ``allowed`` (rule -> operator) lets a failed rule through, recorded."""
    from ai_artist_dagster.domain.fingerprint import similarity

    findings = []
    short = facts.duration_s < rules.min_duration_s
    findings.append(
        _rule(
            "min_duration",
            [f"{facts.duration_s:.0f} s is shorter than {rules.min_duration_s:.0f} s"] if short else [],
            f"{facts.duration_s:.0f} s (≥ {rules.min_duration_s:.0f} s)",
        )
    )
    scored = sorted(
        ((similarity(facts.fingerprint, entry.fingerprint), entry) for entry in catalogue),
        key=lambda pair: -pair[0],
    )
    close = [
        f"{score:.2f} similar to {entry.release_id} “{entry.title}” ({entry.artist_id})"
        for score, entry in scored
        if score >= rules.duplicate_similarity
    ]
    nearest = (
        f"nearest {scored[0][0]:.2f} ({scored[0][1].release_id}) of {len(catalogue)} releases"
        if scored
        else "no release in the catalogue yet"
    )
    findings.append(_rule("near_duplicate", close[:3], f"{nearest} (refused at ≥ {rules.duplicate_similarity:.2f})"))
    cadence = []
    if facts.artist_releases_in_window >= rules.max_per_artist:
        cadence.append(
            f"{facts.artist_id} already has {facts.artist_releases_in_window} releases within "
            f"{rules.artist_window_days} days (limit {rules.max_per_artist})"
        )
    if facts.label_releases_today >= rules.max_per_label_day:
        cadence.append(
            f"the label already released {facts.label_releases_today} today (limit {rules.max_per_label_day})"
        )
    findings.append(
        _rule(
            "cadence",
            cadence,
            f"{facts.artist_releases_in_window} other releases of the artist within {rules.artist_window_days} days, "
            f"{facts.label_releases_today} of the label today",
        )
    )
    metadata = style_problems("title", facts.title) + style_problems("artist name", facts.artist_name)
    if facts.artist_name != facts.profile_name or facts.ern_artist != facts.artist_name:
        metadata.append(
            f"artist name differs: release “{facts.artist_name}”, profile “{facts.profile_name}”, "
            f"ERN “{facts.ern_artist}”"
        )
    lowered = facts.title.lower()
    metadata += [f"title contains “{bait}”" for bait in TITLE_BAIT if re.search(rf"\b{re.escape(bait)}\b", lowered)]
    metadata += [
        f"title names charting performer “{name}” (search bait)"
        for name in facts.charting_names
        if len(name) > 3
        and name.lower() != facts.artist_name.lower()
        and re.search(rf"\b{re.escape(name.lower())}\b", lowered)
    ]
    metadata += [  # a store lists the label's songs side by side: two of one title read as a duplicate
        f"title “{facts.title}” is already {entry.release_id}'s ({entry.artist_id})"
        for entry in catalogue
        if entry.title.casefold() == facts.title.casefold()
    ][:3]
    findings.append(_rule("metadata_style", metadata, f"title “{facts.title}”, artist “{facts.artist_name}”"))
    disclosure = []
    if "ai" not in re.findall(r"[a-z]+", facts.ai_disclosure.lower()):
        disclosure.append("the release does not say it is AI-generated")
    if not facts.ern_has_disclosure:
        disclosure.append("the ERN message does not carry the AI disclosure")
    findings.append(_rule("ai_disclosure", disclosure, "disclosed in metadata and the ERN"))
    words = explicit_words(facts.lyric_lines)
    expected = "Explicit" if words else "NotExplicit"
    findings.append(
        _rule(
            "explicit_flag",
            []
            if facts.explicit_flag == expected
            else [f"ERN says {facts.explicit_flag}, the lyrics call for {expected}"],
            f"{expected}" + (f" ({', '.join(words[:5])})" if words else ""),
        )
    )
    for finding in findings:
        if not finding.passed and allowed and finding.rule in allowed:
            finding.allowed_by = allowed[finding.rule]
    return findings


def passes(findings: list[Finding]) -> bool:
    return all(f.passed or f.allowed_by for f in findings)
