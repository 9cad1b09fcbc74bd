"""Parts as Standard MIDI Files (480 ticks per beat; a part alone at 120 bpm, the song at its tempo)."""

from __future__ import annotations

import struct
from collections.abc import Sequence

from ai_artist_dagster.domain.composer.parts import Part

TICKS_PER_BEAT = 480
DRUM_CHANNEL = 9


def _vlq(n: int) -> bytes:
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    return bytes(reversed(out))


def part_to_smf(part: Part) -> bytes:
    """One part as a format-0 file (what FluidSynth renders)."""
    return _header(0, 1) + _track(part, DRUM_CHANNEL if part.role == "drums" else 0)


def song_to_smf(parts: Sequence[Part], tempo_bpm: float) -> bytes:
    """The whole arrangement as a format-1 file at the song's tempo, one named track per part (bars
    line up in a DAW)."""
    channels = iter(c for c in range(16) if c != DRUM_CHANNEL)
    tracks = [_track(p, DRUM_CHANNEL if p.role == "drums" else next(channels), p.role, tempo_bpm) for p in parts]
    return _header(1, len(tracks)) + b"".join(tracks)


def _header(fmt: int, tracks: int) -> bytes:
    return b"MThd" + struct.pack(">IHHH", 6, fmt, tracks, TICKS_PER_BEAT)


def _track(part: Part, channel: int, name: str = "", tempo_bpm: float = 120.0) -> bytes:
    """A track chunk: tempo, name, the program (or kit) on ``channel``, then note on/off events in time order."""
    per_second = TICKS_PER_BEAT * tempo_bpm / 60
    events: list[tuple[int, int, bytes]] = [(0, 0, bytes([0xC0 | channel, part.program & 0x7F]))]
    for n in part.notes:
        on, off = round(n.at_s * per_second), round((n.at_s + n.dur_s) * per_second)
        events.append((on, 2, bytes([0x90 | channel, n.midi & 0x7F, n.velocity & 0x7F])))
        events.append((max(on + 1, off), 1, bytes([0x80 | channel, n.midi & 0x7F, 0])))
    events.sort(key=lambda e: (e[0], e[1]))  # at one tick: program, then note-offs, then note-ons
    body = bytearray(b"\x00\xff\x51\x03" + round(60_000_000 / tempo_bpm).to_bytes(3, "big"))
    if name:
        body += b"\x00\xff\x03" + _vlq(len(name.encode())) + name.encode()
    last = 0
    for tick, _, message in events:
        body += _vlq(tick - last) + message
        last = tick
    body += b"\x00\xff\x2f\x00"
    return b"MTrk" + struct.pack(">I", len(body)) + bytes(body)
