"""Release resources: who releases (label, codes, DDEX parties) and where releases are delivered. Configured from the environment in defs/resources.py."""

import os
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
from pydantic import Field

from ai_artist_dagster.lib import paths

# Providers are imported when a run needs them, so loading the code location stays fast.
if TYPE_CHECKING:
    from ai_artist_dagster.providers.delivery import DeliveryTarget


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
