"""The approval gate component (component.py) and what projects and tests use from it."""

from ai_artist_dagster.components.approval.component import ApprovalGate, approved_check
from ai_artist_dagster.components.approval.store import ReviewItem, decision_row
from ai_artist_dagster.components.approval.telegram import TelegramResource

__all__ = ["ApprovalGate", "ReviewItem", "TelegramResource", "approved_check", "decision_row"]
