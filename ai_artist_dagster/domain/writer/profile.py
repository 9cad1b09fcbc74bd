"""Offline artist profiles, grounded in the niche and the trend report that created the artist."""

from __future__ import annotations

import random

from ai_artist_dagster.domain.music_theory import key_name
from ai_artist_dagster.domain.writer.lyrics import article
from ai_artist_dagster.domain.writer.words import MOODS, PALETTE_HUES
from ai_artist_dagster.lib import markdown
from ai_artist_dagster.lib.schemas import ArtistProfile, ProfileBrief, TrendReport

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
VOICES = {
    "euphoric": "bright, breathy lead with stacked harmonies in the chorus",
    "warm": "close-mic, conversational vocal with soft falsetto",
    "intense": "rhythmic, punchy delivery with shouted hooks",
    "melancholic": "hushed, low-register vocal with long vowels",
}


def write_profile(brief: ProfileBrief) -> ArtistProfile:
    """A profile grounded in the niche and the trend report that created the artist."""
    rng = random.Random(brief.seed)
    niche, trend = brief.niche, brief.trend
    mood = niche.mood if niche.mood in MOODS else "euphoric"
    bank = MOODS[mood]
    rising_genres = [t.trait_value for t in trend.traits("genre")][:4]
    subgenres = [g for g in rising_genres if g != niche.genre][:2] or ["alt " + niche.genre]
    # influences: the niche's own charting performers the roster gave it (not the day's top names)
    own = trend.genres.get(niche.genre)
    fallback = [*(own.performers[:3] if own else []), *(p for _, p in trend.top_songs)]
    influences = niche.influences or list(dict.fromkeys(fallback))[:3] or ["the week's chart leaders"]
    palette = rng.sample(PALETTE_HUES[mood], 4)
    themes = rng.sample(bank["themes"], 3)
    personality = rng.sample(bank["personality"], 3)
    low, high = max(60, niche.tempo_bpm - 8), min(200, niche.tempo_bpm + 8)
    first = brief.name.split()[0]
    chart = f"the {trend.source.replace('_', ' ')} chart of {trend.chart_date:%d %B %Y}"
    key = key_name(niche.key, niche.mode)
    feel = f"{article(mood)} {mood}"
    openings = (
        f"{brief.name} appeared when {niche.genre} with {feel} feel was rising on {chart}.",
        f"{brief.name} came out of {niche.genre}'s climb on {chart}, with {feel} edge the genre was missing.",
        f"When {chart} showed {niche.genre} gaining ground, {brief.name} was already writing for it.",
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
        visual_palette=palette,
        influences=influences,
        target_audience=AUDIENCES.get(niche.genre, "18-34 streaming listeners"),
        voice_style=VOICES[mood],
        lyric_style=f"{rng.choice(['first-person', 'second-person', 'cinematic'])} storytelling, "
        f"concrete images ({', '.join(rng.sample(bank['noun'], 3))}), short singable lines",
        themes=themes,
    )


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
