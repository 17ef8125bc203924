"""What the permit holder's online requests share (issue 10: address change, lost card, reissue,
replacement): her own permit looked up among her own, the one-open-request rule, and the
clerk's side (open one in the jurisdiction, return it with a reason).

The resident names a permit by its number, and it is looked up among the permits of the person
her account is bound to, never by a bare id: another person's number answers exactly like an
unknown one.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import User
from juzhu.registry.actions.checks import clean_text
from juzhu.registry.actions.common import get_scoped, require
from juzhu.registry.errors import ActionError
from juzhu.registry.events import emit
from juzhu.registry.models import Permit

from ..events import RequestReturned
from ..models import RETURN_REASON_LENGTH, ResidentAccount, ResidentRequest

Kind = ResidentRequest.Kind
CARD_KINDS = (Kind.CARD_REISSUE, Kind.CARD_REPLACEMENT)


def bound_account(account_id: int) -> ResidentAccount:
    """The account, locked; a permit holder's requests need her real name bound first."""
    account = ResidentAccount.objects.select_for_update(of=("self",)).select_related("person").get(pk=account_id)
    bound_person_id(account)
    return account


def bound_person_id(account: ResidentAccount) -> int:
    """Her person's id; refused while her real name is not bound."""
    if account.person_id is None:
        raise ActionError("请先完成实名绑定，再办理居住证业务", field="permit", status=403)
    return account.person_id


def own_permit(account: ResidentAccount, number: str) -> Permit:
    """Her permit ``number``, locked; not hers or unknown: one answer; void: refused."""
    permit = (
        Permit.objects.select_for_update(of=("self",))
        .filter(person_id=bound_person_id(account), number=(number or "").strip())
        .select_related("town", "county")
        .first()
    )
    if permit is None:
        raise ActionError("未找到您名下的该居住证，请从列表中选择", field="permit", status=404)
    if permit.status == Permit.Status.VOID:
        raise ActionError(f"居住证 {permit.number} 已作废，不能办理此项业务", field="permit", status=409)
    return permit


def refuse_open(account: ResidentAccount, kinds: tuple[str, ...]) -> None:
    """One open request of these kinds per account (her permit in use is one): a second tap on
    "submit" queues nothing."""
    open_one = ResidentRequest.objects.filter(
        account=account, kind__in=kinds, status=ResidentRequest.Status.SUBMITTED
    ).first()
    if open_one is not None:
        raise ActionError(
            f"您已有一份待派出所确认的{open_one.get_kind_display()}申请（编号 {open_one.number}），请勿重复提交",
            field="permit",
            status=409,
        )


def create_request(**fields: object) -> ResidentRequest:
    """The request row; the database's one-open-per-kind constraint answers a race like a double submit."""
    try:
        with transaction.atomic():
            return ResidentRequest.objects.create(**fields)
    except IntegrityError:
        raise ActionError("您已有一份同类申请待派出所确认，请勿重复提交", field="permit", status=409) from None


def open_request(acting_user: User, request_id: int, kinds: tuple[str, ...], what: str) -> ResidentRequest:
    """The request, locked, inside the clerk's jurisdiction (others: 404); one handled: 409."""
    request = get_scoped(ResidentRequest, acting_user, what, lock=True, pk=request_id, kind__in=kinds)
    if request.status != ResidentRequest.Status.SUBMITTED:
        raise ActionError(f"该申请已{request.get_status_display()}，不能再次办理", status=409)
    return request


def return_request(
    acting_user: User, request_id: int, reason: str, *, kinds: tuple[str, ...], permission: str, event: Event, what: str
) -> ResidentRequest:
    """Send the request back with a reason the resident reads (she may ask again)."""
    require(acting_user, permission)
    reason = clean_text(reason, "reason", "退回原因", RETURN_REASON_LENGTH)
    with transaction.atomic():
        request = open_request(acting_user, request_id, kinds, what)
        moment = clock.now()
        request.move_to(ResidentRequest.Status.RETURNED)
        request.return_reason = reason
        request.handled_by, request.handled_at = acting_user, moment
        request.save(update_fields=["status", "return_reason", "handled_by", "handled_at"])
        emit(
            event,
            actor=acting_user,
            subject=request,
            person=request.person,
            purpose=f"退回{what}",
            moment=moment,
            payload=RequestReturned(number=request.number, reason=reason),
        )
    return request
