"""The offline critic: the rubric's parts (domain/critic) in words, and the lyric-craft figures the
writer's own tests use."""

from __future__ import annotations

from ai_artist_dagster.domain.writer.syllables import line_syllables, rhymes
from ai_artist_dagster.lib.schemas import Critique, CritiqueBrief


def lyric_craft(brief: CritiqueBrief) -> tuple[float, float]:
    """(share of lines whose end word rhymes with another line of its section,
    mean |syllables - target meter|)."""
    lines_total = rhymed = 0
    gaps: list[int] = []
    for section in brief.lyrics.sections:
        gaps += [abs(line_syllables(line) - brief.lyrics.meter_syllables) for line in section.lines]
        for i, line in enumerate(section.lines):
            lines_total += 1
            rhymed += any(rhymes(line, other) for j, other in enumerate(section.lines) if j != i)
    rate = rhymed / lines_total if lines_total else 0.0
    return rate, (sum(gaps) / len(gaps) if gaps else 9.0)


def write_critique(brief: CritiqueBrief) -> Critique:
    """The critique in words, from the rubric's parts (domain/critic): the score is the rubric's
    total; strengths and issues are the parts above and below the bars, each with what was
    measured; the first suggestion addresses the weakest part."""
    # imported here: the rubric's text parts use this package's syllable counter
    from ai_artist_dagster.domain.critic.rubric import ADVICE, GOOD, POOR, assess

    rubric = assess(brief.measures, brief.lyrics, brief.previous_lines)
    said = lambda p: f"{p.name}: {p.measured}"
    by_weight = sorted(rubric.parts, key=lambda p: p.weight, reverse=True)
    strengths = [said(p) for p in by_weight if p.score >= GOOD]
    issues = [said(p) for p in rubric.shortfalls() if p.score < POOR]
    suggestions = [f"{ADVICE[p.name]} ({said(p)})" for p in rubric.shortfalls()[:3] if p.score < GOOD]
    weakest = rubric.weakest
    if weakest and not suggestions:
        suggestions = [f"weakest part, still good: {ADVICE[weakest.name]} ({said(weakest)})"]
    if not weakest:
        suggestions = ["nothing measured falls short: keep this formula"]
    summary = f"'{brief.lyrics.title}' scores {rubric.total}/10" + (
        f"; weakest: {said(weakest)} (−{rubric.points_lost(weakest):.1f} points)"
        if weakest
        else "; every part at full marks"
    )
    return Critique(score=rubric.total, summary=summary, strengths=strengths, issues=issues, suggestions=suggestions)
