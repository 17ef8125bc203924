"""The typed payloads of the residents' events (``juzhu.audit.payloads``) and their messages.

Declared beside the actions that emit them (``juzhu.residents.actions``), as the staff's are
(``juzhu.org.events``); the builders join the one mapping event → message
(``juzhu.registry.events.messages.MESSAGES``) through ``add_messages``, so ``emit`` queues a
declaration's SMS in the event's own transaction. The stored ``detail`` keys are those the
entries have always had. The sign-in code is not an event of a record (nothing is audited
when a code is asked for); its SMS is built here too (``sign_in_code``).

A confirmed declaration has no message of its own: the confirmation is a registration, whose
event (``registration.create``) already sends the resident her registration number, to the
number she declared from (``register_residence`` records it as her phone); a second SMS for
the same fact would only repeat it.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING, cast

from juzhu.audit.events import Event
from juzhu.audit.payloads import Payload
from juzhu.notify.queue import Message
from juzhu.registry.events.messages import FREE, add_messages

if TYPE_CHECKING:
    from juzhu.registry.events import Occurrence

SIGN_IN_CODE_KIND = "sign_in_code"  # its text is blanked once delivered (juzhu.notify.senders.SECRET_KINDS)
DECLARATION_KIND = "declaration"


@dataclasses.dataclass(frozen=True)
class SignedIn(Payload):
    event = Event.RESIDENT_SIGN_IN
    client_address: str


@dataclasses.dataclass(frozen=True)
class BindingNotMatched(Payload):
    event = Event.RESIDENT_BIND_NO_MATCH
    id_number: str  # masked (juzhu.masks.mask_id_number): the log must not hold a stranger's number


@dataclasses.dataclass(frozen=True)
class OthersIdUsed(Payload):
    event = Event.RESIDENT_BIND_OTHERS_ID
    mismatch: tuple[str, ...]  # what did not fit: name, phone, bound_to_another_account


@dataclasses.dataclass(frozen=True)
class DeclarationSubmitted(Payload):
    event = Event.DECLARATION_SUBMIT
    number: str
    late: bool
    due_date: datetime.date | None
    town: str  # the town's division code


@dataclasses.dataclass(frozen=True)
class DeclarationConfirmed(Payload):
    event = Event.DECLARATION_CONFIRM
    number: str
    registration: str  # the registration's number


@dataclasses.dataclass(frozen=True)
class DeclarationReturned(Payload):
    event = Event.DECLARATION_RETURN
    number: str
    reason: str


def sign_in_code(*, key: str, phone: str, code: str, minutes: int) -> Message:
    """The one-time code, to the number that asked (no person: a new resident has none yet)."""
    return Message(
        kind=SIGN_IN_CODE_KIND,
        key=key,
        text=f"您的居住证自助服务登录验证码为 {code}，{minutes} 分钟内有效。请勿告诉他人，工作人员不会向您索要。",
        phone=phone,
    )


def _to_declarant(o: Occurrence, text: str) -> list[Message]:
    """To the person when known, and always to the number that declared (the inbox shows both)."""
    request = o.subject
    return [
        Message(
            kind=DECLARATION_KIND,
            key=f"declaration:{request.pk}:{request.status}",
            text=text,
            person=request.person,
            phone=request.account.phone,
        )
    ]


def _submitted(o: Occurrence) -> list[Message]:
    request = o.subject
    return _to_declarant(
        o, f"您的居住登记网上申报（编号 {request.number}）已提交，待{request.town.name}所属派出所确认。{FREE}"
    )


def _returned(o: Occurrence) -> list[Message]:
    payload = cast(DeclarationReturned, o.payload)
    return _to_declarant(
        o, f"您的居住登记网上申报（编号 {payload.number}）被退回：{payload.reason}。您可修改后重新申报。"
    )


add_messages(
    {
        Event.DECLARATION_SUBMIT: _submitted,
        Event.DECLARATION_RETURN: _returned,
    }
)


# issue 10: online application with uploads (juzhu.residents.actions.applications)

APPLICATION_REQUEST_KIND = "online_application"


@dataclasses.dataclass(frozen=True)
class OnlineApplicationSubmitted(Payload):
    event = Event.ONLINE_APPLICATION_SUBMIT
    number: str
    condition: str
    files: int  # how many files were uploaded with it


@dataclasses.dataclass(frozen=True)
class OnlineMaterialsUploaded(Payload):
    event = Event.ONLINE_APPLICATION_SUPPLEMENT
    number: str
    materials: tuple[str, ...]  # the material codes of the new files
    files: int


@dataclasses.dataclass(frozen=True)
class OnlineApplicationReceived(Payload):
    event = Event.ONLINE_APPLICATION_RECEIVE
    number: str
    application: int  # the registry's PermitApplication id
    accepted: tuple[str, ...]  # the materials the clerk found acceptable
    outcome: str  # the application's status after it: accepted (receipt) or incomplete (notice)


@dataclasses.dataclass(frozen=True)
class OnlineApplicationReturned(Payload):
    event = Event.ONLINE_APPLICATION_RETURN
    number: str
    reason: str


def _to_applicant(o: Occurrence, text: str) -> list[Message]:
    request = o.subject
    return [
        Message(
            kind=APPLICATION_REQUEST_KIND,
            key=f"online_application:{request.pk}:{request.status}",
            text=text,
            person=request.person,
            phone=request.account.phone,
        )
    ]


def _application_submitted(o: Occurrence) -> list[Message]:
    request = o.subject
    return _to_applicant(
        o, f"您的居住证网上申领（编号 {request.number}）已提交，待{request.town.name}所属派出所核验材料。{FREE}"
    )


def _application_returned(o: Occurrence) -> list[Message]:
    payload = cast(OnlineApplicationReturned, o.payload)
    return _to_applicant(o, f"您的居住证网上申领（编号 {payload.number}）被退回：{payload.reason}。")


add_messages(
    {
        Event.ONLINE_APPLICATION_SUBMIT: _application_submitted,
        Event.ONLINE_APPLICATION_RETURN: _application_returned,
    }
)


# issue 10: cards (address change Art 14, lost card / reissue / replacement Art 15, free Art 16)
CARDS_KIND = "resident_request"  # the outbox kind of these requests' notices


@dataclasses.dataclass(frozen=True)
class AddressChangeSubmitted(Payload):
    event = Event.ADDRESS_CHANGE_SUBMIT
    number: str
    permit: str  # the permit's number
    town: str  # the new town's division code


@dataclasses.dataclass(frozen=True)
class AddressChangeConfirmed(Payload):
    event = Event.ADDRESS_CHANGE_CONFIRM
    number: str
    permit: str
    town: str


@dataclasses.dataclass(frozen=True)
class CardRequestSubmitted(Payload):
    event = Event.CARD_REQUEST_SUBMIT
    number: str
    permit: str
    kind: str  # card_reissue or card_replacement


@dataclasses.dataclass(frozen=True)
class CardRequestConfirmed(Payload):
    event = Event.CARD_REQUEST_CONFIRM
    number: str
    permit: str
    version: int  # the new card's version


@dataclasses.dataclass(frozen=True)
class RequestReturned(Payload):
    events = (Event.ADDRESS_CHANGE_RETURN, Event.CARD_REQUEST_RETURN)
    number: str
    reason: str


def _to_holder(o: Occurrence, text: str) -> list[Message]:
    """To the holder (inbox) and her sign-in number, once per request and status."""
    request = o.subject
    return [
        Message(
            kind=CARDS_KIND,
            key=f"{request.kind}:{request.pk}:{request.status}",
            text=text,
            person=request.person,
            phone=request.account.phone,
        )
    ]


def _change_submitted(o: Occurrence) -> list[Message]:
    request = o.subject
    return _to_holder(
        o, f"您的居住地址变更申请（编号 {request.number}）已提交，待{request.town.name}所属派出所确认。{FREE}"
    )


def _change_confirmed(o: Occurrence) -> list[Message]:
    request = o.subject
    return _to_holder(
        o,
        f"您的居住地址变更（编号 {request.number}）已办理，居住证登记的居住地址变更为"
        f"{request.town.full_name}{request.data.get('address', '')}。{FREE}",
    )


def _card_submitted(o: Occurrence) -> list[Message]:
    request = o.subject
    hand_back = "，换领时请携带原证到派出所交回" if request.kind == "card_replacement" else ""
    return _to_holder(
        o,
        f"您的{request.get_kind_display()}申请（编号 {request.number}）已提交，待{request.town.name}所属派出所确认"
        f"{hand_back}。免收工本费。",
    )


def _request_returned(o: Occurrence, what: str) -> list[Message]:
    payload = cast(RequestReturned, o.payload)
    return _to_holder(o, f"您的{what}申请（编号 {payload.number}）被退回：{payload.reason}。")


def _card_lost(o: Occurrence) -> list[Message]:
    """To the holder: if someone else reported her card, she learns it at once."""
    card = o.subject
    return [
        Message(
            kind=CARDS_KIND,
            key=f"card_lost:{card.pk}",
            text=f"您的居住证（第{card.version}版卡片）已挂失，即时作废，不能撤销。如非本人操作，请立即联系居住地派出所。",
            person=o.person,
        )
    ]


add_messages(
    {
        Event.ADDRESS_CHANGE_SUBMIT: _change_submitted,
        Event.ADDRESS_CHANGE_CONFIRM: _change_confirmed,
        Event.ADDRESS_CHANGE_RETURN: lambda o: _request_returned(o, "居住地址变更"),
        Event.CARD_REQUEST_SUBMIT: _card_submitted,
        Event.CARD_REQUEST_RETURN: lambda o: _request_returned(o, o.subject.get_kind_display()),
        Event.CARD_REPORT_LOST: _card_lost,
    }
)


# issue 10: endorsement (Art 13) -----------------------------------------------------------------
ENDORSEMENT_KIND = "endorsement"


@dataclasses.dataclass(frozen=True)
class EndorsementSubmitted(Payload):
    event = Event.ENDORSEMENT_SUBMIT
    number: str
    permit: str  # the permit's number
    late: bool  # after the window: a late endorsement, which restores a suspended permit
    window_end: datetime.date | None


@dataclasses.dataclass(frozen=True)
class EndorsementConfirmed(Payload):
    event = Event.ENDORSEMENT_CONFIRM
    number: str
    permit: str
    date: datetime.date  # the endorsement's date: the day she submitted
    late: bool
    next_window_start: datetime.date | None
    next_window_end: datetime.date | None


@dataclasses.dataclass(frozen=True)
class EndorsementReturned(Payload):
    event = Event.ENDORSEMENT_RETURN
    number: str
    permit: str
    reason: str


def _to_endorser(o: Occurrence, text: str) -> list[Message]:
    """To the holder (her inbox) at the number she signed in with."""
    request = o.subject
    return [
        Message(
            kind=ENDORSEMENT_KIND,
            key=f"endorsement:{request.pk}:{request.status}",
            text=text,
            person=request.person,
            phone=request.account.phone,
        )
    ]


def _endorsement_submitted(o: Occurrence) -> list[Message]:
    payload, request = cast(EndorsementSubmitted, o.payload), o.subject
    day = f"{request.submitted_on:%Y年%m月%d日}"
    effect = "，确认后居住证使用功能恢复，居住年限自该日起连续计算" if payload.late else ""
    return _to_endorser(
        o,
        f"您的居住证（{payload.permit}）网上签注申请（编号 {payload.number}）已收到，待{request.town.name}所属派出所"
        f"确认；确认后以提交之日{day}为签注日期{effect}。{FREE}",
    )


def _endorsement_confirmed(o: Occurrence) -> list[Message]:
    payload = cast(EndorsementConfirmed, o.payload)
    restored = "（补办签注：居住证使用功能已恢复，居住年限自该日起连续计算）" if payload.late else ""
    following = (
        f"下次签注期为{payload.next_window_start:%Y年%m月%d日}至{payload.next_window_end:%Y年%m月%d日}。"
        if payload.next_window_start and payload.next_window_end
        else ""
    )
    return _to_endorser(
        o, f"您的居住证（{payload.permit}）已签注，签注日期{payload.date:%Y年%m月%d日}{restored}。{following}{FREE}"
    )


def _endorsement_returned(o: Occurrence) -> list[Message]:
    payload = cast(EndorsementReturned, o.payload)
    return _to_endorser(
        o,
        f"您的居住证（{payload.permit}）网上签注申请（编号 {payload.number}）被退回：{payload.reason}。"
        "您可修改后重新申请，或到居住地派出所办理签注。",
    )


add_messages(
    {
        Event.ENDORSEMENT_SUBMIT: _endorsement_submitted,
        Event.ENDORSEMENT_CONFIRM: _endorsement_confirmed,
        Event.ENDORSEMENT_RETURN: _endorsement_returned,
    }
)
