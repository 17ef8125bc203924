"""Issued permits (Art 13-15): hand-out, endorsement, address change, replacement, read."""

from ninja import Path, Router, Status

from juzhu.audit.events import Event
from juzhu.registry.actions import change_address, endorse_permit, hand_out_card, replace_card
from juzhu.registry.commands import ChangeAddress, ReplaceCard
from juzhu.registry.models import Permit

from .auth import actor
from .reads import read_detail
from .schemas.common import CleanText, Id, purpose_param, responses
from .schemas.permits import AddressChangeOut, CardOut, EndorsementResult, PermitOut

router = Router(tags=["居住证"])


@router.post(
    "/cards/{id}/hand-out",
    response=responses(CardOut),
    operation_id="hand_out_card",
    summary="发放居住证卡片",
    description="持证人领取已制作的卡片。",
)
def hand_out(request, id: Path[Id]):
    return hand_out_card(acting_user=actor(request), card_id=id)


# Declared before /permits/{id} so that "address-change" is never read as an id.
@router.post(
    "/permits/address-change",
    response=responses(AddressChangeOut, 201),
    operation_id="change_address",
    summary="居住地址变更",
    description="在发证县（市、区）范围内变更居住地址，由新居住地派出所办理；凭居住证号码和持证人身份号码查找（第十四条）。",
)
def address_change(request, payload: ChangeAddress):
    change = change_address(acting_user=actor(request), **payload.arguments())
    return Status(201, change)


@router.post(
    "/permits/{id}/endorsements",
    response=responses(EndorsementResult, 201),
    operation_id="endorse_permit",
    summary="办理签注",
    description="以今天为签注日期；逾期签注恢复中止的居住证，连续居住年限重新起算（第十三条）。",
)
def endorse(request, id: Path[Id]):
    return Status(201, endorse_permit(acting_user=actor(request), permit_id=id))


@router.post(
    "/permits/{id}/cards",
    response=responses(CardOut, 201),
    operation_id="replace_card",
    summary="换领、补领居住证",
    description="换领须交回原证；补领用于丢失；均免收费用（第十五条、第十六条）。",
)
def replace(request, id: Path[Id], payload: ReplaceCard):
    card = replace_card(acting_user=actor(request), permit_id=id, **payload.arguments())
    return Status(201, card)


@router.get(
    "/permits/{id}",
    response=responses(PermitOut),
    operation_id="get_permit",
    summary="查看居住证",
    description="含卡片、签注和地址变更；须填写查看事由（purpose），查看记入审计日志。",
)
def detail(request, id: Path[Id], purpose: CleanText = purpose_param()):
    return read_detail(request, Permit, id, what="居住证", action=Event.PERMIT_VIEW, purpose=purpose)
