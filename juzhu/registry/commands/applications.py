"""Permit applications (Art 10-12): intake with materials, supplement, decision, extension, withdrawal."""

from typing import Any

from pydantic import Field, StrictBool

from ..models import ApplicationMaterial, PermitApplication
from ..text_rules import EXTENSION_REASON, MATERIAL_ISSUER, REFUSAL_REASONS, WITHDRAW_REASON
from .base import Command, choice_field, column, date_field, record_id, text_field

MAX_MATERIALS = 30
CONFIRM_NOT_ELIGIBLE = (
    "申请人在本县居住至受理之日未满半年时，经办人已告知可申领日期、申请人仍坚持受理（R-06b）；"
    "未确认时返回 409，message 中写明可申领日期"
)


class MaterialIn(Command):
    """A material received: its code (the materials parameter, ``permit.materials``) and issuer."""

    code: text_field(
        column(ApplicationMaterial, "code", "材料类别"),
        description="材料类别，如 resident_id_card、photo、residence_address_proof、employment_proof",
    )
    issuer: text_field(MATERIAL_ISSUER, required=False, description="出具人（出具单位或个人）") = ""


def as_list(materials: dict[str, str]) -> list[dict[str, str]]:
    """The actions' ``{code: issuer}`` as the command's list."""
    return [{"code": code, "issuer": issuer or ""} for code, issuer in materials.items()]


class _WithMaterials(Command):
    materials: list[MaterialIn]
    confirm_not_eligible: StrictBool = Field(False, title="确认仍坚持受理", description=CONFIRM_NOT_ELIGIBLE)

    def arguments(self) -> dict[str, Any]:
        """The action takes the materials as ``{code: issuer}``."""
        return {**super().arguments(), "materials": {m.code: m.issuer for m in self.materials}}


class ReceiveApplication(_WithMaterials):
    """``receive_application``: the condition claimed and the materials received."""

    registration_id: record_id("居住登记")
    condition: choice_field("申领条件", PermitApplication.Condition.choices)
    materials: list[MaterialIn] = Field(
        default_factory=list, max_length=MAX_MATERIALS, title="已收到的材料", description="已收到的材料"
    )


class SupplementMaterials(_WithMaterials):
    """``supplement_materials``: what the one-time notice asked for."""

    materials: list[MaterialIn] = Field(
        min_length=1, max_length=MAX_MATERIALS, title="补充的材料", description="补充的材料"
    )


class DecideApplication(Command):
    """``decide_application``: approve (and sign) or refuse with reasons (Art 12)."""

    approve: StrictBool = Field(title="决定", description="true 批准并签发；false 不予批准")
    reasons: text_field(REFUSAL_REASONS, required=False, description="不予批准的理由（可分行）") = ""


class ExtendIssuance(Command):
    """``extend_issuance``: the new deadline and why (R-09)."""

    until: date_field("延长后的发放期限", description="延长后的发放期限")
    reason: text_field(EXTENSION_REASON, description="延长理由（偏远地区、交通不便或特殊情况）")


class WithdrawApplication(Command):
    """``withdraw_application``: the applicant withdraws; the reason is kept in the audit entry."""

    reason: text_field(WITHDRAW_REASON, required=False, description="撤回原因") = ""
