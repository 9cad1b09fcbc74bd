"""`social_posts`: the release's teaser posted to the short-video platforms (an outbox by default)."""

import json
from pathlib import Path

import dagster as dg

from ai_artist_dagster.defs.io import PIECE_IO_MANAGER
from ai_artist_dagster.defs.releases.resources import SocialResource
from ai_artist_dagster.defs.resources import WarehouseResource
from ai_artist_dagster.lib import markdown, media, records
from ai_artist_dagster.lib.partitions import artist_day_partitions, split_artist_day
from ai_artist_dagster.lib.schemas import ReleaseRecord
from ai_artist_dagster.lib.warehouse import now, replace_rows


@dg.asset(
    kinds={"youtube", "tiktok", "instagram"},
    partitions_def=artist_day_partitions,
    ins={"releases": dg.AssetIn(input_manager_key=PIECE_IO_MANAGER)},
    deps=["deliveries"],
)
def social_posts(
    context: dg.AssetExecutionContext, releases: ReleaseRecord, social: SocialResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """The release's teaser as a post on YouTube Shorts, TikTok and Instagram Reels: a caption per
    platform (the chorus hook, title, artist, release date, the AI disclosure, hashtags), the
    platform's AI-content flag, scheduled for the release date at the configured hour, and the
    exact request bodies of each platform's official API. By default the posts go to the social
    outbox (docs/publishing.md); every attempt is recorded in `social_posts`. Runs after the
    delivery, so nothing is posted for a release the gate held."""
    from ai_artist_dagster.domain.social import YOUTUBE_UPLOAD_QUOTA, PieceFacts, posts

    date, artist_id = split_artist_day(context)
    pid = records.piece_id(date, artist_id)
    wh = warehouse.get()
    folder = Path(releases.path)
    metadata = json.loads((folder / "metadata.json").read_text())
    teaser = next((folder / f.path for f in releases.manifest.files if f.role == "teaser"), None)
    if teaser is None:
        raise dg.Failure(f"{pid}: release {releases.release_id} has no teaser to post", allow_retries=False)
    sections = [s for s in (metadata.get("lyrics") or {}).get("sections", []) if s["lines"]]
    # the chorus's first line, else the song's first line, else the title
    hook = next((s["lines"][0] for s in sorted(sections, key=lambda s: s["kind"] != "chorus")), metadata["title"])
    facts = PieceFacts(
        piece_id=pid,
        artist=metadata["artist"],
        title=metadata["title"],
        genre=metadata["genre"],
        mood=records.piece_profile(wh, pid).mood,
        hook=hook,
        release_date=metadata["release_date"],
        isrc=metadata["isrc"],
        video_path=str(teaser),
        video_bytes=teaser.stat().st_size,
        video_url=media.configured().address(teaser),
    )
    target = social.target()
    attempts = {
        r["platform"]: r["attempts"]
        for r in wh.query("SELECT platform, attempts FROM social_posts WHERE release_id = ?", [releases.release_id])
    }
    rows: list[dict] = []
    table = []
    captions = []
    for post in posts(facts, social.chosen(), social.post_hour_utc, social.privacy):
        key = {"release_id": releases.release_id, "platform": post.platform}
        receipt = target.publish(releases.release_id, post, teaser)
        row = {
            **key,
            "piece_id": pid,
            "target": receipt.target,
            "status": receipt.status,
            "scheduled_at": post.scheduled_at.replace(tzinfo=None),
            "platform_post_id": receipt.post_id,
            "location": receipt.location,
            "caption": post.caption,
            "hashtags": post.hashtags,
            "quota_units": YOUTUBE_UPLOAD_QUOTA if post.platform == "youtube" else 0,
            "error": None,
            "attempts": attempts.get(post.platform, 0) + (0 if receipt.already else 1),
            "updated_at": now(),
        }
        rows.append(row)
        captions.append(post.caption)
        table.append((post.platform, receipt.status, f"{post.scheduled_at:%Y-%m-%d %H:%M} UTC", receipt.location))
    with wh.write() as con:
        for row in rows:
            replace_rows(con, "social_posts", {"release_id": row["release_id"], "platform": row["platform"]}, [row])
    context.log.info(f"{pid}: {len(rows)} teaser post(s) {rows[0]['status'] if rows else 'none'} at {target.label}")
    return dg.MaterializeResult(
        metadata={
            "posts": dg.MetadataValue.md(markdown.table(["platform", "status", "scheduled", "where"], table)),
            "caption": dg.MetadataValue.md(captions[0].replace("\n", "  \n") if captions else "—"),
            "target": target.label,
        }
    )
