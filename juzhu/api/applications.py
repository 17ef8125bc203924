"""Permit applications (Art 10-12): intake, supplement, decision, extension, withdrawal, read."""

from ninja import Path, Router, Status

from juzhu.audit.events import Event
from juzhu.registry.actions import (
    decide_application,
    extend_issuance,
    receive_application,
    supplement_materials,
    withdraw_application,
)
from juzhu.registry.commands import (
    DecideApplication,
    ExtendIssuance,
    ReceiveApplication,
    SupplementMaterials,
    WithdrawApplication,
)
from juzhu.registry.models import Permit, PermitApplication

from .auth import actor
from .errors import renamed
from .reads import read_detail
from .schemas.applications import ApplicationOut
from .schemas.common import CleanText, Id, purpose_param, responses
from .schemas.permits import DecisionOut

router = Router(tags=["居住证申领"])


@router.post(
    "/applications",
    response=responses(ApplicationOut, 201),
    operation_id="receive_application",
    summary="受理居住证申领",
    description="材料齐全的予以受理并出具回执；不齐全的出具一次性告知书，列明需要补充的全部材料（第十二条）。"
    "材料齐全但至受理之日在本县居住未满半年的，先返回 409 及可申领日期，"
    "经办人告知申请人后以 confirm_not_eligible=true 再提交方予受理（R-06b）。",
)
def receive(request, payload: ReceiveApplication):
    with renamed(registration="registration_id"):
        application = receive_application(acting_user=actor(request), **payload.arguments())
    return Status(201, application)


@router.post(
    "/applications/{id}/materials",
    response=responses(ApplicationOut),
    operation_id="supplement_materials",
    summary="补充申领材料",
)
def supplement(request, id: Path[Id], payload: SupplementMaterials):
    return supplement_materials(acting_user=actor(request), application_id=id, **payload.arguments())


@router.post(
    "/applications/{id}/decision",
    response=responses(DecisionOut),
    operation_id="decide_application",
    summary="审批居住证申领",
    description="批准即签发居住证；不予批准须说明理由（第十二条）。",
)
def decide(request, id: Path[Id], payload: DecideApplication):
    result = decide_application(acting_user=actor(request), application_id=id, **payload.arguments())
    if isinstance(result, Permit):
        return {"application": result.application, "permit": result}
    return {"application": result, "permit": None}


@router.post(
    "/applications/{id}/extension",
    response=responses(ApplicationOut),
    operation_id="extend_issuance",
    summary="延长发放期限",
    description="须说明理由；自受理之日起最长不超过15日（第十二条）。",
)
def extend(request, id: Path[Id], payload: ExtendIssuance):
    return extend_issuance(acting_user=actor(request), application_id=id, **payload.arguments())


@router.post(
    "/applications/{id}/withdraw",
    response=responses(ApplicationOut),
    operation_id="withdraw_application",
    summary="撤回居住证申领",
)
def withdraw(request, id: Path[Id], payload: WithdrawApplication = None):
    arguments = payload.arguments() if payload else {}
    return withdraw_application(acting_user=actor(request), application_id=id, **arguments)


@router.get(
    "/applications/{id}",
    response=responses(ApplicationOut),
    operation_id="get_application",
    summary="查看居住证申领",
    description="含材料和一次性告知书；须填写查看事由（purpose），查看记入审计日志。",
)
def detail(request, id: Path[Id], purpose: CleanText = purpose_param()):
    return read_detail(request, PermitApplication, id, what="申领", action=Event.APPLICATION_VIEW, purpose=purpose)
