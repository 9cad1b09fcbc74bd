"""Release resources: who releases (label, codes, DDEX parties) and where releases are delivered. Configured from the environment in defs/resources.py."""

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import dagster as dg
from pydantic import Field, field_validator

from ai_artist_dagster.domain.social import PLATFORMS, YOUTUBE_UPLOAD_QUOTA
from ai_artist_dagster.lib import paths

# Providers are imported when a run needs them, so loading the code location stays fast.
if TYPE_CHECKING:
    from ai_artist_dagster.domain.release_gate import GateRules
    from ai_artist_dagster.domain.social import Platform
    from ai_artist_dagster.providers.delivery import DeliveryTarget
    from ai_artist_dagster.providers.social import SocialTarget


class ReleaseResource(dg.ConfigurableResource):
    """Who releases and how releases are identified (see docs/releases.md). The defaults are safe
    test values: ISRC country code ``ZZ`` is unassigned, and GS1 prefixes 020–029 are for
    restricted circulation; a real label sets its registrant code, GS1 prefix and DDEX party ids."""

    label: str = "AI Artist Records"
    isrc_prefix: str = "ZZAIA"
    upc_prefix: str = "0200000"
    sender_dpid: str = "PADPIDA0000000001X"
    sender_name: str = "ai-artist-dagster"
    recipient_dpid: str = "PADPIDA0000000002X"
    recipient_name: str = "Distributor"


class GateResource(dg.ConfigurableResource):
    """Limits of the pre-delivery gate (docs/releases.md, *The gate*). Defaults follow the stores'
    published signals: Spotify's 30-second stream rule made minute-long tracks a spam pattern, and
    mass uploads are demoted; the duplicate threshold sits between the most similar distinct songs
    measured (0.61) and the least similar planted copy (0.95) in docs/benchmarks.md."""

    min_duration_s: float = Field(60.0, gt=0)
    duplicate_similarity: float = Field(0.8, gt=0, le=1)
    artist_window_days: int = Field(7, ge=1)
    max_per_artist: int = Field(3, ge=1)
    max_per_label_day: int = Field(100, ge=1)

    def rules(self) -> "GateRules":
        from ai_artist_dagster.domain.release_gate import GateRules

        return GateRules(**self.model_dump())


class SocialResource(dg.ConfigurableResource):
    """Teaser posts on the short-video platforms (docs/publishing.md): which platforms, when (the
    calendar's teaser date at ``post_hour_utc``), how visible (``scheduled``: private until then,
    where the platform schedules; ``private``; ``public``), and where they go: ``target=outbox``
    (default) writes the exact API requests to the social outbox (``$AI_ARTIST_DATA_DIR/social_outbox``);
    ``target=api`` sends them through each platform's official API with the credentials from the
    environment (YOUTUBE_CLIENT_SECRET, YOUTUBE_REFRESH_TOKEN, TIKTOK_ACCESS_TOKEN,
    INSTAGRAM_ACCESS_TOKEN, read when a post is sent); a platform without them stays in the outbox,
    said in the run's log and the post's row. The URLs point at the platforms; tests point them at
    local fakes."""

    platforms: str = "youtube,tiktok,instagram"
    post_hour_utc: int = Field(17, ge=0, le=23)
    privacy: Literal["scheduled", "private", "public"] = "scheduled"
    target: Literal["outbox", "api"] = "outbox"
    outbox_dir: str | None = None
    youtube_client_id: str = ""
    youtube_daily_quota: int = Field(
        10_000, ge=YOUTUBE_UPLOAD_QUOTA, description=f"units a day; an upload costs {YOUTUBE_UPLOAD_QUOTA}"
    )
    youtube_api_url: str = "https://youtube.googleapis.com/"
    google_token_url: str = "https://oauth2.googleapis.com/token"
    tiktok_api_url: str = "https://open.tiktokapis.com"
    instagram_user_id: str = ""
    instagram_graph_url: str = "https://graph.facebook.com"

    @field_validator("platforms")
    @classmethod
    def _known(cls, platforms: str) -> str:
        """A misspelt platform is refused when the definitions load, not after a release's delivery."""
        if unknown := [n for n in _names(platforms) if n not in PLATFORMS]:
            raise ValueError(f"unknown platform(s) {unknown}: choose from {', '.join(PLATFORMS)}")
        return platforms

    def chosen(self) -> list["Platform"]:
        return [p for p in PLATFORMS if p in _names(self.platforms)]

    def outbox(self) -> "SocialTarget":
        from ai_artist_dagster.providers.social import SocialOutbox

        return SocialOutbox(Path(self.outbox_dir) if self.outbox_dir else paths.data_dir() / "social_outbox")

    def target_for(self, platform: "Platform") -> tuple["SocialTarget", str | None]:
        """The platform's target, and why it is the outbox when the API was asked for."""
        from pydantic import SecretStr

        from ai_artist_dagster.providers.social import InstagramTarget, TikTokTarget, YouTubeTarget

        if self.target == "outbox":
            return self.outbox(), None
        env = {name: os.environ.get(name, "") for name in SOCIAL_SECRETS[platform]}
        if (
            missing := [name for name, value in env.items() if not value]
            + (["YOUTUBE_CLIENT_ID"] if platform == "youtube" and not self.youtube_client_id else [])
            + (["INSTAGRAM_USER_ID"] if platform == "instagram" and not self.instagram_user_id else [])
        ):
            return self.outbox(), f"{platform}: {', '.join(missing)} not set; the post stays in the social outbox"
        if platform == "youtube":
            return YouTubeTarget(
                self.youtube_client_id,
                SecretStr(env["YOUTUBE_CLIENT_SECRET"]),
                SecretStr(env["YOUTUBE_REFRESH_TOKEN"]),
                api_url=self.youtube_api_url,
                token_url=self.google_token_url,
            ), None
        if platform == "tiktok":
            return TikTokTarget(SecretStr(env["TIKTOK_ACCESS_TOKEN"]), api_url=self.tiktok_api_url), None
        return InstagramTarget(
            self.instagram_user_id, SecretStr(env["INSTAGRAM_ACCESS_TOKEN"]), graph_url=self.instagram_graph_url
        ), None


SOCIAL_SECRETS: dict[str, tuple[str, ...]] = {
    "youtube": ("YOUTUBE_CLIENT_SECRET", "YOUTUBE_REFRESH_TOKEN"),
    "tiktok": ("TIKTOK_ACCESS_TOKEN",),
    "instagram": ("INSTAGRAM_ACCESS_TOKEN",),
}


class DeliveryResource(dg.ConfigurableResource):
    """Where releases go: SFTP when ``sftp_host`` is set (key from SFTP_KEY_PATH or password from
    SFTP_PASSWORD, read when the target is built), else the local outbox
    (``$AI_ARTIST_DATA_DIR/outbox``). Both use DDEX's batch layout; see docs/releases.md."""

    sftp_host: str = ""
    sftp_port: int = Field(22, ge=1, le=65535)
    sftp_user: str = ""
    sftp_remote_dir: str = "."
    sftp_known_hosts: str = ""
    outbox_dir: str | None = None

    def target(self) -> "DeliveryTarget":
        from pydantic import SecretStr

        from ai_artist_dagster.providers.delivery import OutboxTarget, SftpSettings, SftpTarget

        if not self.sftp_host:
            return OutboxTarget(Path(self.outbox_dir) if self.outbox_dir else paths.data_dir() / "outbox")
        password = os.environ.get("SFTP_PASSWORD")
        settings = SftpSettings(
            host=self.sftp_host,
            port=self.sftp_port,
            user=self.sftp_user,
            key_path=os.environ.get("SFTP_KEY_PATH") or None,
            password=SecretStr(password) if password else None,
            remote_dir=self.sftp_remote_dir,
            known_hosts=self.sftp_known_hosts or None,
        )
        return SftpTarget(settings)


def _names(platforms: str) -> list[str]:
    return [p.strip() for p in platforms.split(",") if p.strip()]
