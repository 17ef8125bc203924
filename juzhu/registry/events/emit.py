"""``emit``: an event happened. It is written to the audit chain and its messages are queued.

The one way a registry write announces itself: the audit entry (``juzhu.audit.log``) takes
its action from the catalogue, its detail from the typed payload and its time from the
action's one clock reading (``moment``); the outbox messages (``juzhu.notify``) come from the
same event through ``messages.MESSAGES``. Both land in the caller's transaction, so either
the write, its entry and its messages all exist or none does.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from juzhu.audit.events import Event, as_event
from juzhu.audit.log import append_many, build_entry, record
from juzhu.audit.models import AuditEntry
from juzhu.audit.payloads import Payload, payload_type
from juzhu.notify.queue import queue_messages

from .messages import messages_for


@dataclass(frozen=True)
class Occurrence:
    """One event about to be written: who, on what, about whom, with what payload, when."""

    event: Event
    purpose: str
    moment: datetime.datetime
    actor: Any = None  # org.User, or None for the system (the daily job)
    subject: Any = None  # the record the event is about (registry model instance)
    person: Any = None  # registry.Person the event concerns; SMS messages go to her
    unit: Any = None  # org.Unit a message names ("请到…领取"); the actor's unit by default
    payload: Payload | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "event", as_event(self.event))
        expected = payload_type(self.event)
        if expected is None and self.payload is not None:
            raise TypeError(f"{self.event} carries no payload, got {type(self.payload).__name__}")
        if expected is not None and not isinstance(self.payload, expected):
            raise TypeError(f"{self.event} needs a {expected.__name__} payload, got {type(self.payload).__name__}")
        if self.moment.tzinfo is None:
            raise ValueError("an event's moment must be timezone-aware (juzhu.clock.now())")
        if self.unit is None and self.actor is not None:
            object.__setattr__(self, "unit", getattr(self.actor, "unit", None))

    @property
    def person_id(self) -> int | None:
        if self.person is not None:
            return int(self.person.pk)
        return getattr(self.subject, "person_id", None)

    def entry(self, role: str | None = None) -> AuditEntry:
        return build_entry(
            actor=self.actor,
            action=self.event,
            obj=self.subject,
            person_id=self.person_id,
            purpose=self.purpose,
            detail=self.payload.detail() if self.payload else {},
            at=self.moment,
            role=role,
        )


def emit(
    event: Event,
    *,
    actor: Any,
    purpose: str,
    moment: datetime.datetime,
    subject: Any = None,
    person: Any = None,
    unit: Any = None,
    payload: Payload | None = None,
) -> AuditEntry:
    """Write one event inside the caller's transaction: its chained audit entry and its messages."""
    occurrence = Occurrence(event, purpose, moment, actor, subject, person, unit, payload)
    entry = record(
        actor=actor,
        action=occurrence.event,
        obj=subject,
        person_id=occurrence.person_id,
        purpose=purpose,
        detail=payload.detail() if payload else None,
        at=moment,
    )
    queue_messages(messages_for(occurrence))
    return entry


def emit_many(occurrences: list[Occurrence], *, role: str | None = None) -> int:
    """Write many events at once (a recomputation, the daily job's flags), in the order given:
    one chained batch of entries (``append_many``) and one insert of their messages.
    ``role``: the actors' roles when the caller knows them (one actor for the lot)."""
    append_many([occurrence.entry(role) for occurrence in occurrences])
    queue_messages([message for occurrence in occurrences for message in messages_for(occurrence)])
    return len(occurrences)
