"""The offline critic: scores a piece from objective measurements, lyric craft and trend fit."""

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
    m = brief.measurements
    strengths: list[str] = []
    issues: list[str] = []
    suggestions: list[str] = []
    score = 0.0

    if m.get("tempo_ok"):
        score += 2
        strengths.append(
            f"tempo lands on target: measured {float(m['measured_tempo_bpm']):.1f} bpm for {m['tempo_bpm']} bpm"
        )
    else:
        issues.append(
            f"tempo drifts: measured {float(m['measured_tempo_bpm']):.1f} bpm, profile asks {m['tempo_bpm']} bpm"
        )
        suggestions.append("make the kick pattern sit on every beat so the groove reads at the intended tempo")
    lufs = float(m.get("integrated_lufs", -99))
    if abs(lufs + 14) <= 1:
        score += 1.5
        strengths.append(f"streaming-ready loudness ({lufs:.1f} LUFS)")
    else:
        issues.append(f"loudness {lufs:.1f} LUFS is off the -14 LUFS streaming target")
    if float(m.get("duration_s", 0)) >= 60:
        score += 1
    else:
        issues.append(f"only {float(m.get('duration_s', 0)):.0f} s long")
    if m.get("key_ok"):
        score += 1
        strengths.append(f"harmony stays in {m.get('key_name')}")
    else:
        issues.append(f"the key heard ({m.get('measured_key')}) is not the profile's {m.get('key_name')}")
    if m.get("video_ok"):
        score += 1
    elif "video_ok" in m:
        issues.append("the teaser video is missing audio or has the wrong size")

    rhyme_rate, meter_gap = lyric_craft(brief)
    score += 1.5 * rhyme_rate + max(0.0, 1.5 - 0.5 * meter_gap)
    (strengths if rhyme_rate >= 0.4 else issues).append(f"rhyme density {rhyme_rate:.0%} of line pairs")
    if meter_gap > 1.5:
        issues.append(f"lines stray {meter_gap:.1f} syllables from the {brief.lyrics.meter_syllables}-syllable meter")
        suggestions.append("tighten verse lines to the meter so they sit on the melody")
    else:
        strengths.append(f"lines hold the meter (mean deviation {meter_gap:.1f} syllables)")

    rising = [t.trait_value for t in brief.trend.rising.get("genre", [])[:3]]
    if brief.profile.genre in rising:
        score += 1
        strengths.append(f"{brief.profile.genre} is among today's rising genres ({', '.join(rising)})")
    else:
        suggestions.append(f"today's rising genres are {', '.join(rising) or 'unclear'}; consider borrowing from them")
    if brief.trend.top("mood", "") == brief.profile.mood:
        score += 0.5
    if not suggestions:
        suggestions.append("try a variation with a stronger pre-chorus lift")
    score = round(min(10.0, score), 2)
    summary = (
        f"'{brief.lyrics.title}' scores {score}/10: "
        + (strengths[0] if strengths else "needs work")
        + (f"; main issue: {issues[0]}" if issues else "")
    )
    return Critique(score=score, summary=summary, strengths=strengths, issues=issues, suggestions=suggestions)
