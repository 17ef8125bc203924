"""What the resident (SMS) and the units (internal notices) are told: one builder per event.

``MESSAGES`` is the one mapping event → message builder: ``emit`` queues what the builder
returns, in the event's own transaction, so an action never queues a message by hand and a
message cannot exist without the event that caused it. The daily job's reminders (an
endorsement window opening, an issuance deadline one working day away) are not events of a
record; their texts live here too (``endorsement_window_opened``, ``issuance_due``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from juzhu.audit.events import Event
from juzhu.notify.queue import Message

from . import payloads as p

if TYPE_CHECKING:
    from .emit import Occurrence

FREE = "依法免费办理。"


def _sms(occurrence: Occurrence, kind: str, key: str, text: str) -> list[Message]:
    return [Message(kind=kind, key=key, text=text, person=occurrence.person)]


def _registered(o: Occurrence) -> list[Message]:
    registration = o.subject
    return _sms(
        o,
        "registration",
        f"registration:{registration.pk}",
        f"您已在{o.unit}办理居住登记，登记编号{registration.number}。{FREE}",
    )


def _notice(o: Occurrence) -> list[Message]:
    notice, payload = o.subject, cast(p.NoticeGiven, o.payload)
    return _sms(
        o,
        "notice",
        f"notice:{notice.pk}",
        f"您的居住证申领材料不齐全（一次性告知书{notice.number}）。{payload.reasons[0]}",
    )


def _accepted(o: Occurrence) -> list[Message]:
    application, payload = o.subject, cast(p.ApplicationAccepted, o.payload)
    warning = payload.warned_not_eligible
    promise = (
        f"将于{payload.due_date:%Y年%m月%d日}前作出决定。{warning}。"
        if warning
        else f"将于{payload.due_date:%Y年%m月%d日}前发放。"
    )
    return _sms(
        o,
        "receipt",
        f"receipt:{application.pk}",
        f"您的居住证申领已受理，回执编号{payload.receipt}，{promise}{FREE}",
    )


def _refused(o: Occurrence) -> list[Message]:
    payload = cast(p.ApplicationRefused, o.payload)
    return _sms(o, "refusal", f"refusal:{o.subject.pk}", "您的居住证申领不予批准：" + "；".join(payload.reasons))


def _issued(o: Occurrence) -> list[Message]:
    permit = o.subject
    return _sms(
        o, "permit_ready", f"permit_ready:{permit.pk}", f"您的居住证（{permit.number}）已签发，请到{o.unit}领取。{FREE}"
    )


def _renewed(o: Occurrence) -> list[Message]:
    card = o.subject
    return _sms(
        o,
        card.kind,
        f"{card.kind}:{card.pk}",
        f"您的居住证{card.get_kind_display()}已受理，新证制作后请到{o.unit}领取。免收费用。",
    )


def _suspended(o: Occurrence) -> list[Message]:
    permit, payload = o.subject, cast(p.PermitSuspended, o.payload)
    ends = payload.window_end or permit.next_anniversary
    return _sms(
        o,
        "suspended",
        f"suspended:{permit.pk}:{permit.next_anniversary}",
        f"您的居住证（{permit.number}）未在签注期届满日{ends:%Y年%m月%d日}前签注，"
        "使用功能已中止。补办签注后即恢复，居住年限自补办之日起连续计算。",
    )


def _application_recomputed(o: Occurrence) -> list[Message]:
    payload = cast(p.ApplicationRecomputed, o.payload)
    old, new = payload.due_date
    if old == new or new is None:
        return []
    return _sms(
        o,
        "receipt",
        f"recompute:{payload.id}:{new.isoformat()}",
        f"因{payload.cause}，您的居住证申领（回执{payload.receipt}）发放期限调整为{new:%Y年%m月%d日}。{FREE}",
    )


def _permit_recomputed(o: Occurrence) -> list[Message]:
    payload = cast(p.PermitRecomputed, o.payload)
    if payload.status[1] != "valid":
        return []
    since = payload.suspended_since[0]
    return _sms(
        o,
        "restored",
        f"restored:{payload.id}:{since.isoformat() if since else None}",
        f"因{payload.cause}，您的居住证（{payload.number}）签注期尚未届满，使用功能未中止，请在签注期内办理签注。{FREE}",
    )


MESSAGES: dict[Event, Callable[[Occurrence], list[Message]]] = {
    Event.REGISTRATION_CREATE: _registered,
    Event.APPLICATION_NOTICE: _notice,
    Event.APPLICATION_ACCEPT: _accepted,
    Event.APPLICATION_REFUSE: _refused,
    Event.PERMIT_ISSUE: _issued,
    Event.CARD_REPLACEMENT: _renewed,
    Event.CARD_REISSUE: _renewed,
    Event.PERMIT_SUSPEND: _suspended,
    Event.APPLICATION_RECOMPUTE: _application_recomputed,
    Event.PERMIT_RECOMPUTE: _permit_recomputed,
}


def add_messages(builders: dict[Event, Callable[[Occurrence], list[Message]]]) -> None:
    """Add the builders of another app's events (``juzhu.residents.events``) to ``MESSAGES``:
    the apps above the registry declare their messages beside their payloads, and ``emit``
    still finds every event's messages in this one mapping. An event has one builder."""
    for event, builder in builders.items():
        if MESSAGES.get(event, builder) is not builder:
            raise TypeError(f"{event} already has the message builder {MESSAGES[event].__name__}")
        MESSAGES[event] = builder


def messages_for(occurrence: Occurrence) -> list[Message]:
    """The messages an event causes (none for most)."""
    builder = MESSAGES.get(occurrence.event)
    return builder(occurrence) if builder else []


# -- reminders of the daily job (not events of a record) --------------------------------------


def endorsement_window_opened(
    permit_id: int, number: str, anniversary: datetime.date, person_id: int, phone: str, ends: datetime.date
) -> Message:
    """Art 13 para 2: the holder is reminded when the endorsement window opens (from plain rows:
    the daily job reads 53,000 permits at 1M residents)."""
    return Message(
        kind="endorse_window",
        key=f"endorse:{permit_id}:{anniversary}",
        text=f"您的居住证（{number}）签注期已开始，请于{ends:%Y年%m月%d日}前（含当日）"
        f"到居住地派出所或社区服务机构办理签注。{FREE}",
        person_id=person_id,
        phone=phone,
    )


def issuance_due(application: Any) -> Message:
    """The issuing unit is reminded one working day before the issuance deadline (Art 12)."""
    due = application.effective_due_date
    return Message(
        kind="issuance_due",
        key=f"issuance_due:{application.pk}:{due}",
        text=f"居住证申领（回执{application.receipt_number}）应于{due:%Y年%m月%d日}前发放。",
        unit_id=application.unit_id,
    )
