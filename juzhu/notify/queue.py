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


def queue_many_for_persons(items: list[tuple]) -> int:
    """``[(person, kind, dedupe_key, text), …]``: queue those whose key is new; returns how many."""
    return queue_many_for_person_ids([(person.pk, person.phone, kind, key, text) for person, kind, key, text in items])


def queue_many_for_person_ids(items: list[tuple]) -> int:
    """``[(person_id, phone, kind, dedupe_key, text), …]``: the same from plain rows (the daily job)."""
    known = _known([key for _, _, _, key, _ in items])
    return _insert(
        [
            Notification(dedupe_key=key, person_id=person_id, recipient=phone, kind=kind, text=text)
            for person_id, phone, kind, key, text in items
            if key not in known
        ]
    )


def queue_many_for_units(items: list[tuple]) -> int:
    """``[(unit_id, kind, dedupe_key, text), …]``: internal notices to a unit (no phone), once per key."""
    known = _known([key for _, _, key, _ in items])
    return _insert(
        [
            Notification(dedupe_key=key, unit_id=unit_id, channel="internal", kind=kind, text=text)
            for unit_id, kind, key, text in items
            if key not in known
        ]
    )


def _known(keys: list[str]) -> set[str]:
    """One query for the keys already queued, instead of a query per item: the daily job's
    rerun over a city's endorsement windows (53,000 permits at 1M residents) asks once per
    batch rather than once per permit, and builds no row for a key already there."""
    return set(Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)) if keys else set()


def _insert(new: list[Notification]) -> int:
    # ignore_conflicts: a key queued meanwhile by an action is kept, not an error.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
