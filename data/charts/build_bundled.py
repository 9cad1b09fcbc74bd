"""Rebuild the bundled chart Parquet files from ../shared/data (run from the repo root).

Sources, provenance and licences: see data/charts/README.md. Only the format changes
(CSV -> Parquet, genres parsed into lists, the Spotify artist genres joined onto tracks).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parent


def _genres(text: object) -> list[str]:
    if not isinstance(text, str) or not text.strip():
        return []
    return [str(g) for g in ast.literal_eval(text)]


def main(shared: Path) -> None:
    bb = shared / "billboard_hot100"
    weekly = pd.read_csv(bb / "hot100_weekly.csv", dtype={"last_week": "Int16"})
    weekly["chart_week"] = pd.to_datetime(weekly["chart_week"]).dt.date
    weekly.to_parquet(OUT / "billboard_hot100_weekly.parquet", compression="zstd", index=False)

    feats = pd.read_csv(bb / "hot100_audio_features.csv")
    feats["artist_genre"] = feats["artist_genre"].map(_genres)
    feats.to_parquet(OUT / "billboard_hot100_audio_features.parquet", compression="zstd", index=False)

    sp = shared / "spotify_ph_daily"
    daily = pd.concat(
        [pd.read_csv(p) for p in sorted((sp / "monthly").glob("ph_*.csv"))], ignore_index=True
    )
    daily["date"] = pd.to_datetime(daily["date"]).dt.date
    daily.to_parquet(OUT / "spotify_ph_daily_charts.parquet", compression="zstd", index=False)

    tracks = pd.read_csv(sp / "tracks.csv")
    artists = pd.read_csv(sp / "artists.csv")
    artists["genres"] = artists["genres"].map(_genres)
    tracks = tracks.merge(artists[["artist_id", "genres"]], on="artist_id", how="left")
    tracks.to_parquet(OUT / "spotify_ph_tracks.parquet", compression="zstd", index=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data"))
