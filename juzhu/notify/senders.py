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


def configured_sender() -> Sender:
    """The sender ``JUZHU_NOTIFICATION_SENDER`` names (the log by default)."""
    sender_class: type[Sender] = import_string(settings.JUZHU_NOTIFICATION_SENDER)
    return sender_class()


def deliver_now(notification_id: int | None = None, *, key: str = "") -> None:
    """Deliver one notification at once (a sign-in code cannot wait for the daily job), by its
    id or by its once-only ``key`` (what a ``Message`` queued in bulk is known by)."""
    sender = configured_sender()
    queued = Notification.objects.filter(status=Notification.Status.QUEUED)
    one = queued.filter(pk=notification_id) if notification_id is not None else queued.filter(dedupe_key=key)
    _deliver(list(one[:1]), sender)


BATCH = 500


def deliver_queued(limit: int = 1000, batch: int = BATCH) -> tuple[int, int]:
    """Send what is queued; a failure is kept with its error for a later retry.

    Read and marked a batch at a time: the sent ones of a batch are marked by one UPDATE
    (the daily job's first run over a city sends tens of thousands; one UPDATE each took
    most of its time). A failure is saved at once, with its error. Should the process die
    within a batch, its sent notifications stay queued and go out again: at least once.
    """
    sender = configured_sender()
    sent = failed = 0
    queued = Notification.objects.filter(status=Notification.Status.QUEUED).order_by("id")
    last = 0
    while sent + failed < limit:
        notifications = list(queued.filter(id__gt=last)[: min(batch, limit - sent - failed)])
        if not notifications:
            break
        last = notifications[-1].pk
        batch_sent, batch_failed = _deliver(notifications, sender)
        sent, failed = sent + batch_sent, failed + batch_failed
    return sent, failed


def _deliver(notifications: list[Notification], sender: Sender) -> tuple[int, int]:
    """Send one batch; the sent ones are marked by one UPDATE, a secret's text blanked at once."""
    delivered, failed = [], 0
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
            delivered.append(notification)
    if delivered:
        Notification.objects.filter(pk__in=[n.pk for n in delivered]).update(
            status=Notification.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
        )
        for kind, blank in SECRET_KINDS.items():
            secret = [n.pk for n in delivered if n.kind == kind]
            if secret:
                Notification.objects.filter(pk__in=secret).update(text=blank)
    return len(delivered), failed
