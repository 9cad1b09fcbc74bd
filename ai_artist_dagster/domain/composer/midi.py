"""A part as a Standard MIDI File (format 0), timed in seconds: 120 bpm at 480 ticks per beat."""

from __future__ import annotations

import struct

from ai_artist_dagster.domain.composer.parts import Part

TICKS_PER_BEAT = 480
TICKS_PER_SECOND = 960  # at the file's tempo of 120 bpm (500 000 µs per beat)
DRUM_CHANNEL = 9


def _vlq(n: int) -> bytes:
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    return bytes(reversed(out))


def part_to_smf(part: Part) -> bytes:
    """One track: the program (or kit) on its channel, then note on/off events in time order."""
    channel = DRUM_CHANNEL if part.role == "drums" else 0
    events: list[tuple[int, int, bytes]] = [(0, 0, bytes([0xC0 | channel, part.program & 0x7F]))]
    for n in part.notes:
        on, off = round(n.at_s * TICKS_PER_SECOND), round((n.at_s + n.dur_s) * TICKS_PER_SECOND)
        events.append((on, 2, bytes([0x90 | channel, n.midi & 0x7F, n.velocity & 0x7F])))
        events.append((max(on + 1, off), 1, bytes([0x80 | channel, n.midi & 0x7F, 0])))
    events.sort(key=lambda e: (e[0], e[1]))  # at one tick: program, then note-offs, then note-ons
    body = bytearray(b"\x00\xff\x51\x03" + (500_000).to_bytes(3, "big"))
    last = 0
    for tick, _, message in events:
        body += _vlq(tick - last) + message
        last = tick
    body += b"\x00\xff\x2f\x00"
    header = b"MThd" + struct.pack(">IHHH", 6, 0, 1, TICKS_PER_BEAT)
    return header + b"MTrk" + struct.pack(">I", len(body)) + bytes(body)
