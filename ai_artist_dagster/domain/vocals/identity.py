"""Each artist's own voice from one speaker: register, timbre, vibrato and breath, chosen once from
the artist (its id and the profile's voice style) and kept across songs."""

from __future__ import annotations

import random

from ai_artist_dagster.lib.schemas import ArtistProfile, VocalIdentity
from ai_artist_dagster.lib.seeds import seed_of

LOW = ("baritone", "bass", "deep", "low", "male", "gravel", "husky", "smoky")
HIGH = ("soprano", "alto", "female", "airy", "high", "falsetto", "bright", "sweet")
TIMBRE_LOW, TIMBRE_HIGH = (0.84, 0.9), (0.96, 1.06)  # spectral warp: a low voice darker, a high one brighter


def identity_for(profile: ArtistProfile) -> VocalIdentity:
    """The profile's vocal identity, or the one its artist id and voice style imply."""
    if profile.vocal is not None:
        return profile.vocal
    rng = random.Random(seed_of("voice", profile.artist_id))
    style = profile.voice_style.lower()
    low = any(w in style for w in LOW) and not any(w in style for w in HIGH)
    if not any(w in style for w in LOW + HIGH):
        low = rng.random() < 0.4
    return voice(low, rng)


def voice(low: bool, rng: random.Random, timbre: float | None = None) -> VocalIdentity:
    """A voice in the low or high register: its centre, timbre (drawn in the register's range unless
    given), vibrato and breath from ``rng``."""
    centre = rng.randint(53, 57) if low else rng.randint(62, 67)
    drawn = rng.uniform(*(TIMBRE_LOW if low else TIMBRE_HIGH)) if timbre is None else timbre
    return VocalIdentity(
        centre_midi=centre,
        timbre_shift=round(drawn, 3),
        vibrato_cents=round(rng.uniform(15, 40), 1),
        vibrato_hz=round(rng.uniform(4.8, 6.2), 2),
        breathiness=round(rng.uniform(0.0, 0.15), 3),
    )
