"""Residence registration (Art 9): register, cancel, read."""

from ninja import Path, Router, Status

from juzhu.audit.events import Event
from juzhu.registry.actions import acknowledge_move, cancel_registration, register_residence
from juzhu.registry.commands import CancelRegistration, RegisterResidence
from juzhu.registry.models import Registration

from .auth import actor
from .reads import read_detail
from .schemas.common import CleanText, Id, purpose_param, responses
from .schemas.registrations import RegistrationOut

router = Router(tags=["居住登记"])


@router.post(
    "/registrations",
    response=responses(RegistrationOut, 201),
    operation_id="register_residence",
    summary="办理居住登记",
    description="登记流动人口的居住信息（第九条）；本县人员等依规则不予登记的，返回 422 及理由和依据。"
    "该人员在别处有有效登记（迁移）或身份信息与已登记的不同时，返回 409 及 conflict："
    "原登记单位和日期、将更改的字段；以 move=true 和 identity_reason 确认后再提交（R-27）。",
)
def register(request, payload: RegisterResidence):
    registration = register_residence(acting_user=actor(request), **payload.arguments())
    return Status(201, registration)


@router.post(
    "/registrations/{id}/acknowledge-move",
    response=responses(RegistrationOut),
    operation_id="acknowledge_move",
    summary="原登记单位知悉迁出",
    description="该登记的人员已在别处重新登记（状态 moved）：原登记单位确认知悉，移出待办（R-27）。",
)
def acknowledge(request, id: Path[Id]):
    return acknowledge_move(acting_user=actor(request), registration_id=id)


@router.post(
    "/registrations/{id}/cancel",
    response=responses(RegistrationOut),
    operation_id="cancel_registration",
    summary="注销居住登记",
)
def cancel(request, id: Path[Id], payload: CancelRegistration):
    return cancel_registration(acting_user=actor(request), registration_id=id, **payload.arguments())


@router.get(
    "/registrations/{id}",
    response=responses(RegistrationOut),
    operation_id="get_registration",
    summary="查看居住登记",
    description="须填写查看事由（purpose），查看记入审计日志。",
)
def detail(request, id: Path[Id], purpose: CleanText = purpose_param()):
    return read_detail(request, Registration, id, what="居住登记", action=Event.REGISTRATION_VIEW, purpose=purpose)
