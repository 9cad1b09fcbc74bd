"""Each artist's own voice from one speaker: register, timbre, vibrato and breath, chosen once from
the artist (its id and the profile's voice style) and kept across songs."""

from __future__ import annotations

import random

from ai_artist_dagster.lib.schemas import ArtistProfile, VocalIdentity
from ai_artist_dagster.lib.seeds import seed_of

LOW = ("baritone", "bass", "deep", "low", "male", "gravel", "husky", "smoky")
HIGH = ("soprano", "alto", "female", "airy", "high", "falsetto", "bright", "sweet")


def identity_for(profile: ArtistProfile) -> VocalIdentity:
    """The profile's vocal identity, or the one its artist id and voice style imply."""
    if profile.vocal is not None:
        return profile.vocal
    rng = random.Random(seed_of("voice", profile.artist_id))
    style = profile.voice_style.lower()
    low = any(w in style for w in LOW) and not any(w in style for w in HIGH)
    if not any(w in style for w in LOW + HIGH):
        low = rng.random() < 0.4
    return VocalIdentity(
        centre_midi=rng.randint(53, 57) if low else rng.randint(62, 67),
        timbre_shift=round(rng.uniform(0.84, 0.9) if low else rng.uniform(0.96, 1.06), 3),
        vibrato_cents=round(rng.uniform(15, 40), 1),
        vibrato_hz=round(rng.uniform(4.8, 6.2), 2),
        breathiness=round(rng.uniform(0.0, 0.15), 3),
    )
