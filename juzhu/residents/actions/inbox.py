"""The inbox's read marks: one per notice, set when the resident marks it read (no audit entry:
it changes no personal data, only whether she has seen her own notice)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from juzhu import clock
from juzhu.notify.models import Notification

from ..events import SIGN_IN_CODE_KIND as SMS_KIND
from ..models import ResidentAccount


def inbox_notices(account: ResidentAccount) -> QuerySet[Notification]:
    """Every notification queued for the person, and those sent to the declaring number before
    she was known (a declaration's); never a sign-in code. Newest first."""
    mine = Q(person__isnull=True, recipient=account.phone, kind="declaration")
    if account.person_id is not None:
        mine |= Q(person_id=account.person_id)
    return Notification.objects.filter(mine).exclude(kind=SMS_KIND).order_by("-queued_at", "-pk")


def mark_notices_read(*, account_id: int, notice_ids: Iterable[int] | None = None) -> int:
    """Mark her own notices read (those named, or all); how many were unread.

    Only notices of her inbox are touched (another person's id is ignored, as if absent), and
    a notice read once keeps its first read time (two tabs, two taps: one mark)."""
    account = ResidentAccount.objects.get(pk=account_id)
    unread = inbox_notices(account).filter(read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=list(notice_ids))
    return unread.update(read_at=clock.now())
