"""Residence registration in and out."""

import datetime
from typing import Annotated, Optional

from ninja import Schema
from pydantic import Field, StrictBool

from juzhu.registry.actions import checks
from juzhu.registry.models import Person, Registration
from juzhu.registry.text_rules import CANCEL_REASON

from .common import IsoDate, Located, checked, choice, text
from .persons import PersonBrief, PersonIn, UnitOut


class ResidenceIn(Schema):
    town: text(12, description="居住地乡镇（街道）代码（9位）")
    address: text(200, description="居住地址")
    arrival_date: IsoDate = Field(description="到达居住地日期")
    reason: choice(Registration.Reason) = Field(description="居住事由")
    housing: choice(Registration.Housing) = Field(description="住所类型")
    exemption: text(32, description="免于登记情形（如适用）") = ""


class ChildIn(Schema):
    name: Annotated[
        text(64, description="姓名"), checked("name", lambda v: checks.person_name(v, "name", "子女姓名", 64))
    ]
    birth_date: IsoDate
    sex: choice(Person.Sex)
    id_number: text(18, description="公民身份号码（如有）") = ""


class RegistrationIn(Schema):
    person: PersonIn
    residence: ResidenceIn
    children: list[ChildIn] = Field(default_factory=list, max_length=20, description="随行子女（第二十三条）")
    move: StrictBool = Field(False, description="确认按迁移办理：该人员在别处有有效登记时，原登记转为“已迁出”（R-27）")
    identity_reason: text(200, description="身份信息更改原因：姓名、电话、户籍地址等与已登记的不同时必填（R-27）") = ""
    confirmation: text(64, description="上次 409 应答的 conflict.confirmation：确认只对所示内容有效") = ""


class CancelIn(Schema):
    reason: text(CANCEL_REASON, description="注销原因")
    date: Optional[IsoDate] = Field(None, description="离开日期，默认为今天")


class ChildOut(Schema):
    name: str
    birth_date: datetime.date
    sex: str
    id_number: str


class RegistrationBase(Located):
    id: int
    number: str
    status: str
    county: str
    town: Optional[str]
    address: str
    arrival_date: datetime.date
    declared_date: datetime.date
    due_date: Optional[datetime.date]
    late: bool
    provisional: bool
    reason: str
    housing: str
    exemption: str
    unit: UnitOut
    cancelled_on: Optional[datetime.date]
    cancel_reason: str
    moved_to_id: Optional[int] = Field(None, description="迁出时：新的居住登记")
    children: list[ChildOut]

    @staticmethod
    def resolve_children(obj):
        return list(obj.children.order_by("id"))


class RegistrationOut(RegistrationBase):
    person: PersonBrief
