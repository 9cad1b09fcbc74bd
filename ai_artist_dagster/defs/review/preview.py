"""What the approval gate (defs.yaml) shows reviewers of a piece, and whose pieces skip review."""

import json

from ai_artist_dagster.components.approval import ReviewItem
from ai_artist_dagster.lib import media, records
from ai_artist_dagster.lib.warehouse import Warehouse
from ai_artist_dagster.providers.review import Preview


def piece_preview(wh: Warehouse, item: ReviewItem) -> Preview:
    """The song's title and artist (as the piece was made), what a regeneration changed, the critic's
    score and points, the MP3 and the teaser (each when made: the gate also summarises pieces
    reviewed before their media exist)."""
    pid = item.piece_id
    critique = wh.query("SELECT score, strengths, issues FROM reflections WHERE piece_id = ?", [pid])
    points = [*json.loads(critique[0]["issues"]), *json.loads(critique[0]["strengths"])] if critique else []
    video = records.video(wh, pid)
    store = media.configured()  # files made on another worker are fetched from the media store
    track = wh.query("SELECT info->>'mp3_path' AS mp3 FROM tracks WHERE piece_id = ?", [pid])
    revision = wh.query("SELECT revision FROM lyrics WHERE piece_id = ?", [pid])
    return Preview(
        piece_id=pid,
        artist=records.piece_profile(wh, pid).name,
        title=records.lyrics(wh, pid).title,
        score=critique[0]["score"] if critique else None,
        points=[str(p) for p in points],
        revision=revision[0]["revision"] if revision else None,
        video_path=str(store.local(video.path)) if video else None,
        audio_path=str(store.local(track[0]["mp3"])) if track and track[0]["mp3"] else None,
        buttons={},
    )


def on_autopilot(wh: Warehouse, item: ReviewItem) -> bool:
    return records.artist(wh, item.artist_id).autopilot
