"""Lost card, reissue and replacement online (Art 15, 16, R-13a): the holder asks, her station confirms.

- **Lost** (丢失): she reports it and the card in use is void at once (the registry's
  ``report_card_lost``, as the resident), in the same transaction as her reissue request (补领)
  when she asks for it then; she may also ask for it later. The clerk confirms the reissue:
  ``replace_card(kind="reissue")`` makes the new card (the lost one is already void).
- **Damaged** (损坏): she asks for the replacement (换领); the old card stays valid until the new
  one is made (R-13a), which happens when the clerk confirms at the station, the old card handed
  back (Art 15 para 2: ``replace_card(kind="replacement", old_card_returned=True)``).

The request is placed in the permit's county and town: the station serving her town (the
registry's ``replace_card`` looks the permit up in the clerk's jurisdiction) confirms it.
Free of charge (Art 16): ``replace_card`` writes the fee 0, which the database enforces.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import User
from juzhu.registry.actions import replace_card
from juzhu.registry.actions.common import one_moment, require
from juzhu.registry.actions.lost_cards import report_card_lost
from juzhu.registry.errors import ActionError
from juzhu.registry.events import emit
from juzhu.registry.models import Permit, PermitCard

from ..commands import CardRequestData, LostCardData
from ..events import CardRequestConfirmed, CardRequestSubmitted
from ..models import ResidentAccount, ResidentRequest
from .common import AsResident
from .holder import (
    CARD_KINDS,
    Kind,
    bound_account,
    bound_person_id,
    create_request,
    open_request,
    own_permit,
    refuse_open,
    return_request,
)

WHAT = "网上补领或换领居住证申请"


@one_moment
def report_lost_card(*, account_id: int, data: LostCardData) -> ResidentRequest | None:
    """Void her card in use now (cannot be undone); with ``reissue``, queue the reissue too.

    Returns the reissue request, or None when she asked for none."""
    data = LostCardData.check(**dict(data))
    moment = clock.now()
    with transaction.atomic():
        account = bound_account(account_id)
        permit = own_permit(account, data.permit)
        if data.reissue:
            refuse_open(account, CARD_KINDS)  # before voiding: a refusal writes nothing
        report_card_lost(reporter=AsResident(account), person_id=bound_person_id(account), permit_number=permit.number)
        return _queue(account, permit, Kind.CARD_REISSUE, moment) if data.reissue else None


@one_moment
def submit_card_request(*, account_id: int, kind: str, data: CardRequestData) -> ResidentRequest:
    """A reissue after the loss was reported, or a replacement of a damaged card."""
    data = CardRequestData.check(**dict(data))
    if kind not in CARD_KINDS:
        raise ActionError("请选择补领或换领", field="kind")
    moment = clock.now()
    with transaction.atomic():
        account = bound_account(account_id)
        permit = own_permit(account, data.permit)
        in_use = permit.cards.exclude(status=PermitCard.Status.VOID).order_by("-version").first()
        if kind == Kind.CARD_REISSUE and in_use is not None:
            raise ActionError("补领前请先挂失：挂失后原证即时作废，再申请补领", field="permit", status=409)
        if kind == Kind.CARD_REPLACEMENT and in_use is None:
            raise ActionError("您的居住证卡片已挂失作废，请申请补领，不能换领", field="permit", status=409)
        if in_use is not None and in_use.status == PermitCard.Status.PRODUCED:
            raise ActionError(f"第{in_use.version}版居住证已制作、待领取，请先到派出所领取", field="permit", status=409)
        refuse_open(account, CARD_KINDS)
        return _queue(account, permit, kind, moment)


@one_moment
def confirm_card_request(*, acting_user: User, request_id: int, old_card_returned: bool = False) -> ResidentRequest:
    """The registry's ``replace_card`` as the clerk of her station; a replacement needs the old card back."""
    require(acting_user, "replace_card")
    moment = clock.now()
    with transaction.atomic():
        request = open_request(acting_user, request_id, CARD_KINDS, WHAT)
        permit = Permit.objects.filter(
            number=request.data.get("permit"),
            person_id=request.person_id,  # type: ignore[misc]  # a card request is always a bound holder's
        ).first()
        if permit is None:
            raise ActionError("未找到申请所涉居住证", status=404)
        replacement = request.kind == Kind.CARD_REPLACEMENT
        card = replace_card(
            acting_user=acting_user,
            permit_id=permit.pk,
            kind=PermitCard.Kind.REPLACEMENT if replacement else PermitCard.Kind.REISSUE,
            old_card_returned=old_card_returned if replacement else False,
        )
        request.move_to(ResidentRequest.Status.CONFIRMED)
        request.handled_by, request.handled_at = acting_user, moment
        unit = acting_user.unit.name  # type: ignore[union-attr]  # past get_scoped (open_request): she has a unit
        request.data = {**request.data, "new_version": card.version, "unit": unit}
        request.save(update_fields=["status", "handled_by", "handled_at", "data"])
        emit(
            Event.CARD_REQUEST_CONFIRM,
            actor=acting_user,
            subject=request,
            person=request.person,
            purpose="确认网上补领或换领居住证",
            moment=moment,
            payload=CardRequestConfirmed(number=request.number, permit=permit.number, version=card.version),
        )
    return request


@one_moment
def return_card_request(*, acting_user: User, request_id: int, reason: str) -> ResidentRequest:
    """Back to the resident with a reason; a lost card stays void (R-13a), she may ask again."""
    return return_request(
        acting_user,
        request_id,
        reason,
        kinds=CARD_KINDS,
        permission="replace_card",
        event=Event.CARD_REQUEST_RETURN,
        what=WHAT,
    )


def _queue(account: ResidentAccount, permit: Permit, kind: str, moment: datetime.datetime) -> ResidentRequest:
    """The request in the permit's county and town: the queue of the station serving her town."""
    request = create_request(
        account=account,
        person=account.person,
        kind=kind,
        county_id=permit.county_id,
        town_id=permit.town_id,
        data={"permit": permit.number},
        submitted_at=moment,
        submitted_on=moment.date(),
    )
    emit(
        Event.CARD_REQUEST_SUBMIT,
        actor=AsResident(account),
        subject=request,
        person=account.person,
        purpose=f"网上申请{request.get_kind_display()}",
        moment=moment,
        payload=CardRequestSubmitted(number=request.number, permit=permit.number, kind=kind),
    )
    return request
