"""How a queued notification leaves the system.

``LogSender`` (the default) writes it to the log: a working local implementation.
An SMS gateway implements ``Sender.send`` and is named in the setting
``JUZHU_NOTIFICATION_SENDER`` (environment variable of the same name).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from juzhu.registry.naming import mask_in_text, mask_phone

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
        text = SECRET_KINDS.get(notification.kind) or mask_in_text(notification.text)  # never a sign-in code
        log.info("通知 %s → %s：%s", notification.kind, recipient, text)


class ConsoleSender(LogSender):
    """The demo's SMS gateway: as ``LogSender``, except that a resident's sign-in code is printed
    whole, so that whoever runs ``./run`` can sign in at /m/ (never a production sender)."""

    def send(self, notification: Notification) -> None:
        if notification.kind in SECRET_KINDS:
            log.info("短信 → %s：%s", notification.recipient, notification.text)
        else:
            super().send(notification)


# Kinds whose text is a secret (a one-time sign-in code): once delivered the text is replaced,
# so that the outbox never keeps a usable code at rest (the code itself is kept only hashed).
SECRET_KINDS = {"sign_in_code": "（登录验证码短信，内容不保存、不记入日志）"}


def deliver_now(notification_id: int) -> None:
    """Deliver one notification at once (a sign-in code cannot wait for the daily job)."""
    _deliver(Notification.objects.filter(pk=notification_id, status=Notification.Status.QUEUED))


def deliver_queued(limit: int = 1000) -> tuple[int, int]:
    """Send what is queued; a failure is kept with its error for a later retry."""
    return _deliver(Notification.objects.filter(status=Notification.Status.QUEUED).order_by("id")[:limit])


def _deliver(notifications) -> tuple[int, int]:
    sender: Sender = import_string(settings.JUZHU_NOTIFICATION_SENDER)()
    sent = failed = 0
    for notification in notifications:
        notification.attempts += 1
        try:
            sender.send(notification)
        except Exception as exc:  # a gateway error must not stop the others
            notification.last_error = str(exc)[:200]
            notification.status = Notification.Status.FAILED if notification.attempts >= 5 else notification.status
            failed += 1
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.text = SECRET_KINDS.get(notification.kind, notification.text)
            sent += 1
        notification.save(update_fields=["attempts", "last_error", "status", "sent_at", "text"])
    return sent, failed
