"""How a queued notification leaves the system.

``LogSender`` (the default) writes it to the log: a working local implementation.
An SMS gateway implements ``Sender.send`` and is named in the setting
``JUZHU_NOTIFICATION_SENDER`` (environment variable of the same name).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from juzhu.masks import mask_in_text, mask_phone

from .models import Notification

log = logging.getLogger("juzhu.notify")


class Sender:
    def send(self, notification: Notification) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class LogSender(Sender):
    """The log is read by more people than the resident's record: numbers are masked as on
    screen (R-22), the phone and every permit, receipt or ID number in the text."""

    def send(self, notification: Notification) -> None:
        recipient = mask_phone(notification.recipient) if notification.recipient else "（无号码）"
        log.info("通知 %s → %s：%s", notification.kind, recipient, mask_in_text(notification.text))


BATCH = 500


def deliver_queued(limit: int = 1000, batch: int = BATCH) -> tuple[int, int]:
    """Send what is queued; a failure is kept with its error for a later retry.

    Read and marked a batch at a time: the sent ones of a batch are marked by one UPDATE
    (the daily job's first run over a city sends tens of thousands; one UPDATE each took
    most of its time). A failure is saved at once, with its error. Should the process die
    within a batch, its sent notifications stay queued and go out again: at least once.
    """
    sender: Sender = import_string(settings.JUZHU_NOTIFICATION_SENDER)()
    sent = failed = 0
    queued = Notification.objects.filter(status=Notification.Status.QUEUED).order_by("id")
    last = 0
    while sent + failed < limit:
        notifications = list(queued.filter(id__gt=last)[: min(batch, limit - sent - failed)])
        if not notifications:
            break
        last = notifications[-1].pk
        delivered = []
        for notification in notifications:
            notification.attempts += 1
            try:
                sender.send(notification)
            except Exception as exc:  # a gateway error must not stop the others
                notification.last_error = str(exc)[:200]
                if notification.attempts >= 5:
                    notification.status = Notification.Status.FAILED
                notification.save(update_fields=["attempts", "last_error", "status"])
                failed += 1
            else:
                delivered.append(notification.pk)
        if delivered:
            Notification.objects.filter(pk__in=delivered).update(
                status=Notification.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
            )
            sent += len(delivered)
    return sent, failed
