"""Permit applications: intake, materials, notice, decision, extension."""

import datetime
from typing import Optional

from ninja import Schema
from pydantic import Field, StrictBool

from juzhu.registry.models import Permit, PermitApplication
from juzhu.registry.text_rules import EXTENSION_REASON, MATERIAL_ISSUER, REFUSAL_REASONS, WITHDRAW_REASON

from .common import Id, IsoDate, Located, choice, text
from .persons import PersonBrief, UnitOut


class MaterialIn(Schema):
    code: text(32, description="材料类别，如 resident_id_card、photo、residence_address_proof、employment_proof")
    issuer: text(MATERIAL_ISSUER, description="出具人（出具单位或个人）") = ""


class ApplicationIn(Schema):
    registration_id: Id
    condition: choice(PermitApplication.Condition) = Field(description="申领条件")
    materials: list[MaterialIn] = Field(default_factory=list, max_length=30, description="已收到的材料")
    confirm_not_eligible: StrictBool = Field(
        False,
        description="申请人在本县居住至受理之日未满半年时，经办人已告知可申领日期、申请人仍坚持受理（R-06b）；"
        "未确认时返回 409，message 中写明可申领日期",
    )


class MaterialsIn(Schema):
    materials: list[MaterialIn] = Field(min_length=1, max_length=30, description="补充的材料")
    confirm_not_eligible: StrictBool = Field(
        False,
        description="申请人在本县居住至受理之日未满半年时，经办人已告知可申领日期、申请人仍坚持受理（R-06b）；"
        "未确认时返回 409，message 中写明可申领日期",
    )


class DecisionIn(Schema):
    approve: StrictBool = Field(description="true 批准并签发；false 不予批准")
    reasons: text(REFUSAL_REASONS, description="不予批准的理由（可分行）") = ""


class ExtensionIn(Schema):
    until: IsoDate = Field(description="延长后的发放期限")
    reason: text(EXTENSION_REASON, description="延长理由（偏远地区、交通不便或特殊情况）")


class WithdrawIn(Schema):
    reason: text(WITHDRAW_REASON, description="撤回原因") = ""


class MaterialOut(Schema):
    code: str
    issuer: str
    received_on: datetime.date


class NoticeOut(Schema):
    number: str
    given_on: datetime.date
    condition: str
    missing: list[str]


class RefusalOut(Schema):
    reasons: list[str]
    citations: list[str]


class ApplicationBrief(Schema):
    id: int
    status: str
    condition: str
    registration_id: int
    received_on: datetime.date
    receipt_number: Optional[str]
    effective_due_date: Optional[datetime.date]


class ApplicationOut(ApplicationBrief, Located):
    person: PersonBrief
    county: str
    town: Optional[str]
    unit: UnitOut
    accepted_on: Optional[datetime.date]
    due_date: Optional[datetime.date]
    extended_until: Optional[datetime.date]
    extension_reason: str
    extension_limit: Optional[datetime.date]
    provisional: bool
    decided_on: Optional[datetime.date]
    refusal: Optional[RefusalOut]
    withdrawn_on: Optional[datetime.date]
    materials: list[MaterialOut]
    notices: list[NoticeOut]
    permit_id: Optional[int]

    @staticmethod
    def resolve_refusal(obj):
        return obj.refusal or None

    @staticmethod
    def resolve_materials(obj):
        return list(obj.materials.order_by("received_on", "id"))

    @staticmethod
    def resolve_notices(obj):
        return list(obj.notices.order_by("given_on", "id"))

    @staticmethod
    def resolve_permit_id(obj):
        return Permit.objects.filter(application_id=obj.pk).values_list("pk", flat=True).first()
