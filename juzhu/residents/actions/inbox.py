"""The inbox's read mark: what the resident has seen (no audit entry: it changes no personal data)."""

from __future__ import annotations

from django.db.models.functions import Greatest

from ..models import ResidentAccount


def mark_inbox_seen(*, account_id: int, up_to: int) -> None:
    """Notifications up to ``up_to`` are read; never moves back (two tabs, two clicks: one mark)."""
    ResidentAccount.objects.filter(pk=account_id).update(inbox_seen_id=Greatest("inbox_seen_id", up_to))
