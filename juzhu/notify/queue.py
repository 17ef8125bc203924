"""Queueing notifications inside an action's transaction (delivered later by a sender)."""

from __future__ import annotations

from .models import Notification


def queue_for_person(person, kind: str, dedupe_key: str, text: str) -> bool:
    """Queue once per ``dedupe_key``; returns whether a new notification was queued."""
    _, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults=dict(person=person, recipient=person.phone, kind=kind, text=text),
    )
    return created


def queue_for_unit(unit, kind: str, dedupe_key: str, text: str) -> bool:
    _, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key, defaults=dict(unit=unit, channel="internal", kind=kind, text=text),
    )
    return created
