"""Offline artist profiles, grounded in the niche and the trend report that created the artist."""

from __future__ import annotations

import random
import re

from ai_artist_dagster.domain.colors import key_hue, palette
from ai_artist_dagster.domain.music_theory import key_name
from ai_artist_dagster.domain.video.layout import identity_template
from ai_artist_dagster.domain.vocals.identity import TIMBRE_HIGH, TIMBRE_LOW, voice
from ai_artist_dagster.domain.writer.lyrics import article
from ai_artist_dagster.domain.writer.words import MOODS
from ai_artist_dagster.lib import markdown
from ai_artist_dagster.lib.schemas import ArtistProfile, ProfileBrief, TrendReport, VocalIdentity

AUDIENCES = {
    "pop": "18-30 playlist listeners who follow the charts",
    "hip hop": "16-28 listeners of rap and trap playlists",
    "r&b": "20-35 late-night R&B listeners",
    "electronic": "18-30 club and festival crowds",
    "rock": "18-40 indie and alternative listeners",
    "k-pop": "14-28 K-pop fandoms",
    "opm": "Filipino listeners 16-35 at home and abroad",
    "latin": "18-34 reggaeton and Latin pop listeners",
    "country": "20-45 country radio listeners",
}
# Character words an operator's description may use, kept as the profile's personality.
PERSONALITY_WORDS = ("mysterious", "shy", "playful", "rebellious", "romantic", "dreamy", "confident", "quiet",
                     "bold", "reclusive", "witty", "earnest", "fearless", "gentle", "restless")  # fmt: skip
# Each genre's own styles: a profile's subgenres are two of its genre's (not the day's other genres).
SUBGENRES = {
    "pop": ["synth-pop", "dance-pop", "bedroom pop", "electropop", "indie pop", "pop ballad"],
    "hip hop": ["boom bap", "melodic rap", "trap", "lo-fi hip hop", "conscious rap", "drill"],
    "r&b": ["neo-soul", "alternative R&B", "quiet storm", "contemporary R&B", "funk-soul"],
    "electronic": ["deep house", "synthwave", "downtempo", "future bass", "ambient techno", "electro"],
    "rock": ["indie rock", "alt-rock", "post-punk", "shoegaze", "garage rock", "soft rock"],
    "k-pop": ["K-pop ballad", "K-dance", "K-R&B", "K-indie"],
    "opm": ["OPM ballad", "Pinoy indie", "OPM pop rock", "kundiman revival", "P-R&B"],
    "latin": ["reggaeton", "Latin pop", "bachata", "cumbia pop", "Latin trap"],
    "country": ["Americana", "country pop", "folk country", "bluegrass-tinged", "outlaw country"],
}
# What the pipeline can render of a voice (domain/vocals/identity.py): register, tone, vibrato, breath.
# Nothing it cannot sing is promised (no "stacked harmonies", no "shouted hooks").
STORYTELLING = {"first-person": ("I", "me", "my"), "first-person plural": ("we", "us", "our")}


def vocal_identity(register: str, rng: random.Random, others: list[VocalIdentity]) -> VocalIdentity:
    """A voice in ``register``, its tone set apart from the other artists' (the timbre furthest from theirs)."""
    low = register == "low"
    bottom, top = TIMBRE_LOW if low else TIMBRE_HIGH
    tones = [round(bottom + (top - bottom) * k / 3, 3) for k in range(4)]  # four tones across the register's range
    rng.shuffle(tones)
    timbre = max(tones, key=lambda t: min((abs(t - o.timbre_shift) for o in others), default=1.0))
    return voice(low, rng, timbre)


def voice_style(vocal: VocalIdentity) -> str:
    """The voice in words, from what will be rendered."""
    register = "low-register" if vocal.centre_midi < 60 else "high-register"
    tone = "dark" if vocal.timbre_shift < 0.93 else "bright" if vocal.timbre_shift > 1.0 else "clear"
    vibrato = (
        "a wide, slow vibrato"
        if vocal.vibrato_cents > 28 and vocal.vibrato_hz < 5.5
        else ("a wide vibrato" if vocal.vibrato_cents > 28 else "a light vibrato")
    )
    breath = ", breathy on long vowels" if vocal.breathiness > 0.08 else ""
    return f"{register}, {tone}-toned lead with {vibrato}{breath}"


def _fresh(rng: random.Random, bank: list[str], used: set[str], n: int) -> list[str]:
    """``n`` of ``bank``, those no other artist uses first (in a seeded order)."""
    shuffled = rng.sample(bank, len(bank))
    return sorted(shuffled, key=lambda item: item in used)[:n]


def write_profile(brief: ProfileBrief) -> ArtistProfile:
    """A profile grounded in the niche and the trend report that created the artist, unlike the other
    artists' (``brief.others``) on every field a listener meets: subgenres, palette (from its key),
    voice (its register from the roster), storytelling, images, themes and character."""
    rng = random.Random(brief.seed)
    niche, trend, others = brief.niche, brief.trend, brief.others
    mood = niche.mood if niche.mood in MOODS else "euphoric"
    bank = MOODS[mood]
    styles = SUBGENRES.get(niche.genre) or [f"alt {niche.genre}", f"{niche.genre} fusion"]
    subgenres = _fresh(rng, styles, {g for o in others for g in o.subgenres}, 2)
    # influences: the niche's own charting performers the roster gave it (not the day's top names)
    own = trend.genres.get(niche.genre)
    fallback = [*(own.performers[:3] if own else []), *(p for _, p in trend.top_songs)]
    influences = niche.influences or list(dict.fromkeys(fallback))[:3] or ["the week's chart leaders"]
    colours = palette(key_hue(niche.key, niche.mode), mood)
    themes = _fresh(rng, bank["themes"], {t for o in others for t in o.themes}, 3)
    personality = _fresh(rng, bank["personality"], {t for o in others for t in o.personality}, 3)
    images = _fresh(rng, bank["noun"], {w for o in others for w in _images(o.lyric_style)}, 3)
    register: str = niche.voice_register or rng.choice(["low", "high"])
    vocal = vocal_identity(register, rng, [o.vocal for o in others if o.vocal])
    told = rng.choice(sorted(STORYTELLING, key=lambda t: sum(t in o.lyric_style for o in others)))
    low, high = max(60, niche.tempo_bpm - 8), min(200, niche.tempo_bpm + 8)
    first = brief.name.split()[0]
    when = f"{trend.chart_date:%B %Y}"
    key = key_name(niche.key, niche.mode)
    feel = f"{article(mood)} {mood}"
    openings = (  # the charts in words, never the data set's name
        f"{brief.name} appeared in {when}, when {niche.genre} with {feel} feel was climbing the charts.",
        f"{brief.name} came out of {niche.genre}'s climb in {when}, with {feel} edge the genre was missing.",
        f"When {niche.genre} was gaining ground in {when}, {brief.name} was already writing for it.",
    )
    middles = (
        f"Raised on {' and '.join(influences[:2])}, {first} writes about {themes[0]} and {themes[1]}",
        f"{first} learned from {' and '.join(influences[:2])} and keeps coming back to {themes[0]}",
        f"Between {themes[0]} and {themes[1]}, {first} answers {influences[0]} in a voice of their own",
    )
    closings = (f", around {niche.tempo_bpm} bpm in {key}.", f" — {key}, {niche.tempo_bpm} bpm.", f", mostly in {key}.")
    backstory = f"{rng.choice(openings)} {rng.choice(middles)}{rng.choice(closings)}"
    if brief.description:  # asked for by an operator: the description comes first, in their words
        described = " ".join(brief.description.split())[:300].rstrip(".")
        backstory = f"{brief.name} — {described}. {rng.choice(middles)}{rng.choice(closings)}"
        named = [w for w in PERSONALITY_WORDS if w in brief.description.lower()][:3]
        personality = list(dict.fromkeys([*named, *personality]))[:3]  # the description's words first
    return ArtistProfile(
        artist_id=brief.artist_id,
        version=brief.version,
        name=brief.name,
        backstory=backstory,
        personality=personality,
        genre=niche.genre,
        subgenres=subgenres,
        tempo_range=(low, high),
        tempo_bpm=niche.tempo_bpm,
        key=niche.key,
        mode=niche.mode,
        mood=mood,
        visual_palette=colours,
        influences=influences,
        target_audience=AUDIENCES.get(niche.genre, "18-34 streaming listeners"),
        voice_style=voice_style(vocal),
        vocal=vocal,
        visual_template=identity_template(niche.genre, mood, [o.visual_template for o in others if o.visual_template]),
        lyric_style=f"{told} storytelling, concrete images ({', '.join(images)}), short singable lines",
        themes=themes,
    )


def _images(lyric_style: str) -> list[str]:
    found = re.search(r"\(([^)]*)\)", lyric_style)
    return [w.strip() for w in found.group(1).split(",")] if found else []


def creation_report(profile: ArtistProfile, trend: TrendReport) -> str:
    """Markdown explaining the profile's choices from the trend data that created it."""
    evidence = markdown.table(
        ["trait", f"top riser on {trend.chart_date}", "share", "momentum"],
        [
            (kind, items[0].trait_value, f"{items[0].share:.1%}", f"{items[0].momentum:+.2%}")
            for kind, items in sorted(trend.rising.items())
            if items
        ],
    )
    return (
        f"### {profile.name} — creation report\n\n"
        f"Niche served: **{profile.genre} / {profile.mood} / {profile.tempo_bpm} bpm / "
        f"{key_name(profile.key, profile.mode)}**\n\n"
        f"{evidence}\n\n"
        f"Influences are charting performers of its own genre that day: {', '.join(profile.influences)}.\n\n"
        f"{profile.backstory}"
    )
