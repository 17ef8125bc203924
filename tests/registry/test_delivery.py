"""Delivering the outbox in batches (issue 9, Speed): the same outcome as one at a time."""

from __future__ import annotations

import pytest

from juzhu.notify.models import Notification
from juzhu.notify.senders import Sender, deliver_queued

pytestmark = pytest.mark.django_db

sent_texts: list[str] = []


class FlakySender(Sender):
    """Fails every notification whose text says so; remembers the others."""

    def send(self, notification: Notification) -> None:
        if "fail" in notification.text:
            raise RuntimeError("gateway down")
        sent_texts.append(notification.text)


def queue(count: int, text: str = "ok") -> list[Notification]:
    return Notification.objects.bulk_create(
        Notification(kind="test", text=f"{text} {i}", dedupe_key=f"{text}:{i}", recipient="13800000000")
        for i in range(count)
    )


def test_batches_send_each_once_mark_them_sent_and_keep_failures_queued_with_their_error(settings):
    settings.JUZHU_NOTIFICATION_SENDER = f"{__name__}.FlakySender"
    sent_texts.clear()
    queue(7)
    queue(2, "fail")
    assert deliver_queued(limit=100, batch=3) == (7, 2)
    assert sorted(sent_texts) == sorted(f"ok {i}" for i in range(7))
    sent = Notification.objects.filter(status=Notification.Status.SENT)
    assert sent.count() == 7 and not sent.filter(sent_at__isnull=True).exists()
    assert set(sent.values_list("attempts", flat=True)) == {1}
    failing = Notification.objects.filter(text__startswith="fail")
    assert [(n.status, n.attempts, n.last_error) for n in failing] == [("queued", 1, "gateway down")] * 2
    assert deliver_queued(limit=100, batch=3) == (0, 2)  # a retry sends nothing twice
    assert len(sent_texts) == 7
    for _ in range(3):
        deliver_queued(limit=100, batch=3)
    assert set(failing.values_list("status", "attempts")) == {("failed", 5)}


def test_the_limit_counts_sent_and_failed(settings):
    settings.JUZHU_NOTIFICATION_SENDER = f"{__name__}.FlakySender"
    sent_texts.clear()
    queue(5)
    assert deliver_queued(limit=4, batch=3) == (4, 0)
    assert Notification.objects.filter(status=Notification.Status.QUEUED).count() == 1
