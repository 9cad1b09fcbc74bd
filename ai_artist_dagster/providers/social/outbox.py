"""The default social target: a folder per platform and post holding the exact requests that would
be sent (post.json) beside the teaser they upload, for a person or another tool to send."""

from __future__ import annotations

import shutil
from pathlib import Path

from ai_artist_dagster.domain.social import SocialPost
from ai_artist_dagster.lib.files import link_or_copy, temp_sibling
from ai_artist_dagster.providers.social.base import SocialReceipt, SocialTarget


class SocialOutbox(SocialTarget):
    name = "outbox"

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def label(self) -> str:
        return f"outbox:{self.root}"

    def publish(self, key: str, post: SocialPost, video: Path) -> SocialReceipt:
        folder = self.root / post.platform / key
        receipt = SocialReceipt(platform=post.platform, target=self.label, status="queued", location=str(folder))
        document = post.model_dump_json(indent=2)
        if (folder / "post.json").exists() and (folder / "post.json").read_text() == document:
            return receipt.model_copy(update={"already": True})
        staging = temp_sibling(folder)
        staging.mkdir(parents=True)
        try:
            (staging / "post.json").write_text(document)
            link_or_copy(video, staging / f"teaser{video.suffix}")
            for extra in {r["file"] for r in post.requests if r.get("file") and Path(r["file"]) != video}:
                link_or_copy(Path(extra), staging / Path(extra).name)  # e.g. YouTube's wide thumbnail
            (staging / "caption.txt").write_text(post.caption + "\n")
            if folder.exists():
                shutil.rmtree(folder)
            staging.rename(folder)  # whole or not at all
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return receipt
