"""Search phrases for stock footage that fits an artist: mood and a genre's typical scenery first,
then the artist's themes (their content words)."""

from __future__ import annotations

from ai_artist_dagster.domain.writer.words import STOPWORDS
from ai_artist_dagster.lib.schemas import ArtistProfile

GENRE_SCENES = {
    "pop": "neon city night",
    "dance": "club lights dancing",
    "edm": "festival lights crowd",
    "electronic": "abstract light tunnel",
    "hip hop": "city street night",
    "rap": "urban rooftop",
    "r&b": "soft light bedroom window",
    "rock": "concert stage lights",
    "indie": "film grain road trip",
    "country": "open road sunset",
    "latin": "summer street dancing",
    "k-pop": "colorful city lights",
    "opm": "manila city lights",
    "acoustic": "sunlight window guitar",
    "ballad": "rain window night",
}


def footage_queries(profile: ArtistProfile, limit: int = 3) -> list[str]:
    scene = GENRE_SCENES.get(profile.genre.lower(), "city lights night")
    queries = [f"{profile.mood} {scene}", scene]
    for theme in profile.themes:
        words = [w for w in theme.lower().split() if w.isalpha() and w not in STOPWORDS]
        if words:
            queries.append(" ".join(words[:3]))
    unique = list(dict.fromkeys(q.strip() for q in queries if q.strip()))
    return unique[:limit]
