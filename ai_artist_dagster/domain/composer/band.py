"""The band's parts for a planned song: drums, bass, keys, pad and lead, section by section.

Instrumentation changes with the song: the intro is keys, hats and the hook on the lead with the
kick in from bar 2; verses are drums, bass and sparse keys; the pre-chorus adds the pad and a snare
build; the chorus is everything, busier, with a crash on its first bar and a fill out; the bridge
drops to half-time under an arpeggio; the outro plays the hook once more over keys and pad. Chords
are voice-led (each voicing the nearest to the last), so the keys move inside the progression
instead of repeating one shape. The lead plays the vocal melody's hook where nobody sings, and the
whole melody when the song is an instrumental.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ai_artist_dagster.domain.composer import parts as gm
from ai_artist_dagster.domain.composer.arrangement import SectionPlan, SongPlan
from ai_artist_dagster.domain.composer.palette import Palette, palette_for
from ai_artist_dagster.domain.composer.parts import Part
from ai_artist_dagster.domain.composer.patterns import pattern_for
from ai_artist_dagster.domain.music_theory import scale_midi, triad

KEYS_RANGE = (53, 79)  # where the accompaniment's voicings live (F3–G5)
PAD_SECTIONS = ("intro", "pre_chorus", "chorus", "bridge", "outro")  # a `sparse` arm: the chorus only


@dataclass(frozen=True)
class MelodyNote:
    onset_s: float
    duration_s: float
    midi: int


@dataclass(frozen=True)
class _Bar:
    section: SectionPlan
    index: int  # bar within its section
    start_s: float
    degree: int
    next_degree: int | None
    encore: bool  # a chorus right after a chorus: it opens with a breakdown

    @property
    def breakdown(self) -> bool:
        return self.encore and self.index < 4


def write_band(plan: SongPlan, melody: Sequence[MelodyNote] = (), voice_sings: bool = True) -> list[Part]:
    """The five parts for ``plan``; ``melody`` is the vocal score's notes (empty: no hook for the lead)."""
    palette = palette_for(plan.genre)
    drums, bass, keys, pad, lead = (
        Part("drums", palette.kit),
        Part("bass", palette.bass),
        Part("keys", palette.keys),
        Part("pad", palette.pad),
        Part("lead", palette.lead),
    )
    voicing = _start_voicing(plan)
    for bar in _bars(plan):
        _drum_bar(drums, plan, palette, bar)
        _bass_bar(bass, plan, bar)
        voicing = _nearest_voicing(plan, bar.degree, voicing)
        lifted = bar.index >= 4 and bar.section.kind in ("verse", "chorus") and voicing[0] + 12 <= KEYS_RANGE[1]
        # the second half of a verse or chorus climbs an inversion
        _keys_bar(keys, plan, palette, bar, sorted([*voicing[1:], voicing[0] + 12]) if lifted else voicing)
        if bar.section.kind in (PAD_SECTIONS if plan.instrumentation != "sparse" else ("chorus",)):
            velocity = 82 if bar.section.kind == "chorus" else 70
            for m in voicing:
                pad.add(bar.start_s, plan.bar_s * 1.02, m, velocity)
    _lead(lead, plan, melody, voice_sings)
    return [p for p in (drums, bass, keys, pad, lead) if p.notes]


def _bars(plan: SongPlan) -> list[_Bar]:
    bars: list[_Bar] = []
    t = 0.0
    encores = {
        id(s) for prev, s in zip(plan.sections, plan.sections[1:], strict=False) if s.kind == prev.kind == "chorus"
    }
    flat = [(s, i, d) for s in plan.sections for i, d in enumerate(s.chords)]
    for k, (section, index, degree) in enumerate(flat):
        nxt = flat[k + 1][2] if k + 1 < len(flat) else None
        bars.append(_Bar(section, index, t, degree, nxt, id(section) in encores))
        t += plan.bar_s
    return bars


# --- drums -------------------------------------------------------------------------------------


def _drum_bar(part: Part, plan: SongPlan, palette: Palette, bar: _Bar) -> None:
    pattern = pattern_for(plan.genre)
    six = plan.beat_s / 4
    kind, last = bar.section.kind, bar.index == bar.section.bars - 1
    backbeat = gm.CLAP if palette.clap else gm.SNARE
    energy = bar.section.energy

    def hit(step: float, note: int, velocity: float) -> None:
        swing = pattern.swing * six if int(step) % 2 else 0.0
        part.add(bar.start_s + step * six + swing, six, note, round(velocity))

    if bar.breakdown:  # hats and claps only, the kick back on the last beat
        for step in range(0, 16, 2):
            hit(step, gm.HAT, 60)
        for step in (4, 12):
            hit(step, gm.CLAP, 80)
        if bar.index == 3:
            hit(12, gm.KICK, 90)
            hit(14, gm.KICK, 95)
        return
    if kind == "intro":
        for step in range(0, 16, 2):
            hit(step, gm.HAT, 50 + 10 * (step % 4 == 0))
        if bar.index >= 1:  # the beat is in by the second bar, the backbeat by the third
            for step in (0, 4, 8, 12):
                hit(step, gm.KICK, 85)
        if bar.index >= 2 and not last:
            for step in (4, 12):
                hit(step, backbeat, 75)
        if last:
            for step in (12, 13, 14, 15):
                hit(step, backbeat, 60 + 8 * (step - 12))
        return
    if kind == "outro":
        if bar.index < bar.section.bars - 1:
            for step in (0, 8):
                hit(step, gm.KICK, 80)
            for step in range(0, 16, 4):
                hit(step, gm.HAT, 45)
        else:
            hit(0, gm.CRASH, 70)
            hit(0, gm.KICK, 85)
        return
    if kind == "bridge":  # half-time
        hit(0, gm.KICK, 95)
        hit(8, backbeat, 90)
        for step in range(0, 16, 4):
            hit(step, gm.HAT, 55)
        if bar.index % 2 == 1:
            hit(10, gm.KICK, 70)
        return
    for step in pattern.kick:
        hit(step, gm.KICK, 100 if step == 0 else 92)
    for step in pattern.snare:
        hit(step, backbeat, 95 if kind == "chorus" else 84)
    hats = pattern.hat if kind != "verse" or bar.index >= 4 else tuple(s for s in pattern.hat if s % 4 == 0)
    for step in hats:
        hit(step, gm.HAT, (72 if step % 4 == 0 else 55) + (10 if kind == "chorus" else 0))
    if kind == "chorus":
        for step in pattern.open_hat or (14,):
            hit(step, gm.OPEN_HAT, 70)
        if bar.index % 4 == 0:
            hit(0, gm.CRASH, 100)
        if palette.shaker:
            for step in range(1, 16, 2):
                hit(step, gm.MARACAS, 55)
    if last and kind == "chorus":  # a tom fill into the next section
        for step, tom in ((12, gm.HIGH_TOM), (13, gm.HIGH_TOM), (14, gm.MID_TOM), (15, gm.LOW_TOM)):
            hit(step, tom, 90)
    elif last and kind == "pre_chorus":  # a snare build into the chorus
        for step in range(8, 16):
            hit(step, backbeat, 60 + 5 * (step - 8))
    elif bar.index == 0 and kind == "verse":
        hit(0, gm.CRASH, round(70 * energy + 20))


# --- bass --------------------------------------------------------------------------------------


def _bass_bar(part: Part, plan: SongPlan, bar: _Bar) -> None:
    six = plan.beat_s / 4
    kind = bar.section.kind
    root = scale_midi(plan.key, plan.mode, bar.degree, 1)
    if root < 33:  # keep the bass between A1 and G#2
        root += 12
    if kind == "intro" or bar.breakdown:
        if bar.index >= 1:
            part.add(bar.start_s, plan.bar_s * 0.95, root, 80)
        return
    if kind in ("outro", "bridge"):
        steps: tuple[int, ...] = (0,) if kind == "outro" else (0, 8)
    else:
        steps = pattern_for(plan.genre).bass_steps
    for i, step in enumerate(steps):
        nxt = steps[i + 1] if i + 1 < len(steps) else 16
        pitch = root
        if kind == "chorus" and i % 2 == 1 and plan.genre in ("pop", "electronic", "k-pop", "latin"):
            pitch = root + 12  # octave bounce in the chorus
        elif i == len(steps) - 1 and step >= 12 and bar.next_degree not in (None, bar.degree):
            pitch = scale_midi(plan.key, plan.mode, bar.degree + 4, 1)  # the fifth leads to the next chord
            pitch += 12 if pitch < root else 0
        part.add(bar.start_s + step * six, (nxt - step) * six * 0.92, pitch, 100 if step == 0 else 86)


# --- keys and pad ------------------------------------------------------------------------------


def _start_voicing(plan: SongPlan) -> list[int]:
    first = plan.sections[0].chords[0]
    return triad(plan.key, plan.mode, first, 4)


def _nearest_voicing(plan: SongPlan, degree: int, previous: list[int]) -> list[int]:
    """The inversion of the degree's triad within KEYS_RANGE closest to ``previous`` (voice leading)."""
    classes = sorted({m % 12 for m in triad(plan.key, plan.mode, degree, 4)})
    low, high = KEYS_RANGE
    candidates = []
    for bottom in range(low, high - 7):
        if bottom % 12 not in classes:
            continue
        chord = [bottom]
        for _ in range(2):
            nxt = chord[-1] + 1
            while nxt % 12 not in classes or nxt % 12 in {c % 12 for c in chord}:
                nxt += 1
            chord.append(nxt)
        if chord[-1] <= high:
            candidates.append(chord)
    return min(candidates, key=lambda c: (sum(abs(a - b) for a, b in zip(c, previous, strict=True)), c[0]))


COMP_STEPS: dict[str, dict[str, tuple[int, ...]]] = {
    # low: intro, verse, outro; mid: pre-chorus; high: chorus
    "piano": {"low": (0, 8), "mid": (0, 6, 8, 14), "high": (0, 4, 8, 10, 12)},
    "strum": {"low": (0, 8), "mid": (0, 6, 8, 12), "high": (0, 4, 6, 10, 12, 14)},
    "stabs": {"low": (0, 10), "mid": (0, 6, 10), "high": (0, 3, 6, 10, 12)},
    "power": {"low": (0,), "mid": (0, 4, 8, 12), "high": (0, 2, 4, 6, 8, 10, 12, 14)},
}


def _keys_bar(part: Part, plan: SongPlan, palette: Palette, bar: _Bar, voicing: list[int]) -> None:
    six = plan.beat_s / 4
    kind = bar.section.kind
    if palette.comp == "arp" or kind == "bridge" or bar.breakdown:
        _arpeggio(part, plan, bar, voicing, sixteenths=kind in ("chorus", "pre_chorus") and not bar.breakdown)
        return
    level = "high" if kind == "chorus" else "mid" if kind in ("pre_chorus", "intro") else "low"
    if plan.instrumentation == "sparse" and level == "high":
        level = "mid"  # a sparse arm: lighter comping in the chorus too
    steps = COMP_STEPS[palette.comp][level]
    if bar.index % 2 == 1 and level != "high":
        steps = (*steps, 14) if 14 not in steps else steps  # a push into the next bar
    root = scale_midi(plan.key, plan.mode, bar.degree, 3)  # the chord's root in the left hand (C3–B3)
    chord = {"power": [root, root + 7, root + 12], "strum": [root, root + 7, *voicing]}.get(palette.comp, voicing)
    if palette.comp == "piano":
        part.add(bar.start_s, plan.bar_s * 0.9, root, 70 if level == "low" else 84)
    for i, step in enumerate(steps):
        nxt = steps[i + 1] if i + 1 < len(steps) else 16
        length = (nxt - step) * six * (0.55 if palette.comp == "stabs" else 0.95)
        accent = 92 if step % 8 == 0 else 76
        velocity = accent - (14 if level == "low" else 0)
        upstroke = palette.comp == "strum" and step % 4 == 2
        order = list(reversed(chord)) if upstroke else chord
        for j, m in enumerate(order):
            spread = j * 0.012 if palette.comp == "strum" else 0.0
            part.add(bar.start_s + step * six + spread, length - spread, m, velocity - (12 if upstroke else 0))


def _arpeggio(part: Part, plan: SongPlan, bar: _Bar, voicing: list[int], sixteenths: bool) -> None:
    six = plan.beat_s / 4
    tones = [*voicing, voicing[0] + 12, voicing[1] + 12]
    order = tones if bar.index % 2 == 0 else list(reversed(tones))  # up one bar, down the next
    step_len = 1 if sixteenths else 2
    for k, step in enumerate(range(0, 16, step_len)):
        velocity = (84 if step % 4 == 0 else 68) - (0 if sixteenths else 10)
        part.add(bar.start_s + step * six, six * step_len * 0.9, order[k % len(order)], velocity)


# --- lead --------------------------------------------------------------------------------------


def _lead(part: Part, plan: SongPlan, melody: Sequence[MelodyNote], voice_sings: bool) -> None:
    if not melody:
        return
    shift = 12 if sum(n.midi for n in melody) / len(melody) < 64 else 0
    if not voice_sings:  # an instrumental: the lead plays the whole vocal line
        for n in melody:
            part.add(n.onset_s, n.duration_s * 0.95, n.midi + shift, 88)
        return
    timed = list(zip(plan.sections, plan.section_starts(), strict=True))
    hook_from = next((t for s, t in timed if s.kind == "chorus"), None)
    if hook_from is None:
        return
    for section, start in timed:
        if section.kind not in ("intro", "outro"):
            continue
        length = section.bars * plan.bar_s
        for n in melody:
            offset = n.onset_s - hook_from
            if offset >= 0 and offset + n.duration_s <= length - plan.beat_s:
                part.add(start + offset, n.duration_s * 0.95, n.midi + shift, 84)
