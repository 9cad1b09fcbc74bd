"""`social_posts`: the release's teaser posted to the short-video platforms (an outbox by default)."""

import datetime as dt
import json
from pathlib import Path

import dagster as dg

from ai_artist_dagster.defs.io import PIECE_IO_MANAGER
from ai_artist_dagster.defs.releases.resources import SocialResource
from ai_artist_dagster.defs.resources import StorageResource, WarehouseResource
from ai_artist_dagster.lib import markdown, media, records
from ai_artist_dagster.lib.partitions import artist_day_partitions, split_artist_day
from ai_artist_dagster.lib.paths import piece_dir
from ai_artist_dagster.lib.schemas import ReleaseRecord
from ai_artist_dagster.lib.warehouse import Warehouse, now, replace_rows

KEPT = ("scheduled", "published")  # a post the platform has: never sent again


def youtube_units_today(wh: Warehouse) -> int:
    """Quota units this project's YouTube uploads used today (UTC day; YouTube resets at midnight Pacific)."""
    return wh.query(
        """SELECT coalesce(sum(quota_units), 0) AS n FROM social_posts
           WHERE platform = 'youtube' AND target = 'youtube:api' AND status IN ('scheduled', 'published')
             AND CAST(updated_at AS DATE) = ?""",
        [dt.datetime.now(dt.UTC).date()],
    )[0]["n"]


@dg.asset(
    kinds={"youtube", "tiktok", "instagram"},
    partitions_def=artist_day_partitions,
    ins={"releases": dg.AssetIn(input_manager_key=PIECE_IO_MANAGER)},
    deps=["deliveries"],
)
def social_posts(
    context: dg.AssetExecutionContext,
    releases: ReleaseRecord,
    social: SocialResource,
    storage: StorageResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """The release's teaser as a post on YouTube Shorts, TikTok and Instagram Reels: a caption per
    platform (the chorus hook, title, artist, release date, the AI disclosure, hashtags), the
    platform's AI-content flag, scheduled for the calendar's teaser date (a week before the
    release by default) at the configured hour. By default the exact API requests go to the social
    outbox; with AI_ARTIST_SOCIAL_TARGET=api they are sent through each platform's official API —
    YouTube takes the post ahead (private until publishAt), TikTok and Instagram get it when its
    time has come (until then it waits, and the cycle planner sends it when due). Quotas are kept
    (YouTube's daily units; Instagram's posts per 24 h); a refused post waits for the time the
    platform asked for. Every attempt is a row in `social_posts`. Runs after the delivery, so nothing
    is posted for a release the gate held."""
    from ai_artist_dagster.domain.cover import wide_thumbnail
    from ai_artist_dagster.domain.social import YOUTUBE_THUMBNAIL_QUOTA, YOUTUBE_UPLOAD_QUOTA, PieceFacts, posts
    from ai_artist_dagster.providers.social import SocialError, SocialReceipt, TikTokTarget

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
    profile = records.piece_profile(wh, pid)
    video = records.video(wh, pid)
    platforms = social.chosen()
    wide = None
    if "youtube" in platforms:  # YouTube's custom thumbnail, from the packaged cover
        cover = next(folder / f.path for f in releases.manifest.files if f.role == "cover")
        thumbnail = piece_dir(storage.root, date, artist_id) / "youtube_thumbnail.jpg"
        wide = wide_thumbnail(cover, thumbnail, metadata["artist"], metadata["title"], profile.visual_palette)
    facts = PieceFacts(
        piece_id=pid,
        artist=metadata["artist"],
        title=metadata["title"],
        genre=metadata["genre"],
        mood=profile.mood,
        hook=hook,
        sung=records.track(wh, pid).vocals != "none",
        release_date=metadata["release_date"],
        teaser_date=metadata.get("teaser_date"),
        isrc=metadata["isrc"],
        video_path=str(teaser),
        video_bytes=teaser.stat().st_size,
        video_url=media.configured().address(teaser),
        thumbnail_s=(video.thumbnail_s if video and video.thumbnail_s is not None else 1.0),
        wide_thumbnail=str(wide) if wide else None,
    )
    earlier = {
        r["platform"]: r for r in wh.query("SELECT * FROM social_posts WHERE release_id = ?", [releases.release_id])
    }
    clock = dt.datetime.now(dt.UTC)
    rows: list[dict] = []
    table, captions, refused = [], [], []
    for post in posts(facts, platforms, social.post_hour_utc, social.privacy):
        target, fallback = social.target_for(post.platform)
        if fallback:
            context.log.warning(f"{pid}: {fallback}")
        before = earlier.get(post.platform) or {}
        receipt, error, wait_until, attempted = None, None, None, True
        if before.get("status") in KEPT and before.get("target") == target.label:
            receipt = SocialReceipt(
                platform=post.platform,
                target=target.label,
                status=before["status"],
                post_id=before["platform_post_id"],
                location=before["location"],
                already=True,
            )
        elif not target.schedules and post.scheduled_at > clock:
            wait_until, attempted = post.scheduled_at, False  # sent by the planner when its time comes
        elif target.name == "youtube" and (used := youtube_units_today(wh)) + YOUTUBE_UPLOAD_QUOTA > (
            social.youtube_daily_quota
        ):
            error = f"YouTube quota: {used} of {social.youtube_daily_quota} units used today"
            wait_until, attempted = dt.datetime.combine(clock.date() + dt.timedelta(days=1), dt.time(8), dt.UTC), False
        else:
            try:
                if before.get("status") == "processing" and isinstance(target, TikTokTarget):
                    receipt = target.status(before["platform_post_id"])
                else:
                    receipt = target.publish(releases.release_id, post, teaser)
            except SocialError as exc:
                error = str(exc)[:500]
                if exc.retryable:
                    wait_until = clock + dt.timedelta(seconds=exc.retry_after_s or 900)
                else:
                    refused.append(f"{post.platform}: {error}")
        if receipt and receipt.note:
            context.log.warning(f"{pid}: {post.platform}: {receipt.note}")
            error = receipt.note
        if receipt and receipt.status == "processing":  # uploaded; the platform is still on it: ask again later
            wait_until = clock + dt.timedelta(minutes=5)
        status = receipt.status if receipt else "waiting" if wait_until else "failed"
        row = {
            "release_id": releases.release_id,
            "platform": post.platform,
            "piece_id": pid,
            "target": target.label,
            "status": status,
            "scheduled_at": post.scheduled_at.replace(tzinfo=None),
            "platform_post_id": receipt.post_id if receipt else before.get("platform_post_id"),
            "location": receipt.location if receipt else before.get("location") or target.label,
            "caption": post.caption,
            "hashtags": post.hashtags,
            "quota_units": (YOUTUBE_UPLOAD_QUOTA + (YOUTUBE_THUMBNAIL_QUOTA if facts.wide_thumbnail else 0))
            if post.platform == "youtube" and (receipt or error)
            else 0,
            "error": error,
            "attempts": (before.get("attempts") or 0) + (1 if attempted and not (receipt and receipt.already) else 0),
            "not_before": wait_until.replace(tzinfo=None) if wait_until else None,
            "updated_at": now(),
        }
        rows.append(row)
        captions.append(post.caption)
        when = f"{post.scheduled_at:%Y-%m-%d %H:%M} UTC"
        table.append((post.platform, status, when, row["location"], error or ""))
    with wh.write() as con:
        for row in rows:
            replace_rows(con, "social_posts", {"release_id": row["release_id"], "platform": row["platform"]}, [row])
    context.log.info(f"{pid}: " + ", ".join(f"{r['platform']} {r['status']} ({r['target']})" for r in rows))
    if refused:
        raise dg.Failure(
            f"{pid}: the platform refused the post — " + "; ".join(refused) + ". Fix what it names, then re-run "
            "social_posts for this partition (the other platforms' posts are kept).",
            allow_retries=False,
        )
    return dg.MaterializeResult(
        metadata={
            "posts": dg.MetadataValue.md(markdown.table(["platform", "status", "scheduled", "where", "error"], table)),
            "caption": dg.MetadataValue.md(captions[0].replace("\n", "  \n") if captions else "—"),
            "targets": ", ".join(sorted({r["target"] for r in rows})),
        }
    )
