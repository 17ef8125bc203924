"""Queueing notifications inside an action's transaction (delivered later by a sender).

Nothing here decides what to say: the registry derives its messages from its events
(``juzhu.registry.events.messages``) and hands them over as ``Message`` values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import Notification


@dataclass(frozen=True)
class Message:
    """One notification: an SMS to a resident (``person``) or an internal notice to a ``unit``.

    ``key`` makes it once-only: the same key is never queued twice (a rerun of the daily job,
    an event replayed)."""

    kind: str
    key: str
    text: str
    person: Any = None  # registry.Person: the recipient's phone is read from it unless ``phone`` is given
    unit: Any = None  # org.Unit: an internal notice, no phone
    # The same by key, for callers that read plain rows (the daily job at a city's scale).
    person_id: int | None = None
    # The number to send to: a person's own by default; a resident's account number (a
    # sign-in code, a declaration by someone the registry does not know yet) when given.
    phone: str = ""
    unit_id: int | None = None

    def row(self) -> Notification:
        if self.person is not None or self.person_id is not None or self.phone:
            person_id = self.person.pk if self.person is not None else self.person_id
            phone = self.phone or (self.person.phone if self.person is not None else "")
            return Notification(
                dedupe_key=self.key, person_id=person_id, recipient=phone, kind=self.kind, text=self.text
            )
        unit_id = self.unit.pk if self.unit is not None else self.unit_id
        return Notification(dedupe_key=self.key, unit_id=unit_id, channel="internal", kind=self.kind, text=self.text)


def queue_messages(messages: list[Message]) -> int:
    """Queue those whose key is new; returns how many.

    One query for the keys already queued and one insert, instead of a query per item: the
    daily job's rerun over a city's endorsement windows (53,000 permits at 1M residents)
    asks once per batch rather than once per permit, and builds no row for a key already there."""
    if not messages:
        return 0
    known = set(
        Notification.objects.filter(dedupe_key__in=[message.key for message in messages]).values_list(
            "dedupe_key", flat=True
        )
    )
    new = [message.row() for message in messages if message.key not in known]
    # ignore_conflicts: a key queued meanwhile by an action is kept, not an error.
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
