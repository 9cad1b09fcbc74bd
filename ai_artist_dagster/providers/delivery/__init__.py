"""Where release packages go: a local outbox (default) or a distributor's SFTP server."""

from ai_artist_dagster.providers.delivery.base import DeliveryError, DeliveryReceipt, DeliveryTarget, new_batch_id
from ai_artist_dagster.providers.delivery.outbox import OutboxTarget
from ai_artist_dagster.providers.delivery.sftp import SftpSettings, SftpTarget

__all__ = [
    "DeliveryError",
    "DeliveryReceipt",
    "DeliveryTarget",
    "OutboxTarget",
    "SftpSettings",
    "SftpTarget",
    "new_batch_id",
]
