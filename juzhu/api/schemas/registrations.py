"""Residence registration in and out."""

import datetime
from typing import Optional

from ninja import Schema
from pydantic import Field

from juzhu.registry.models import Person, Registration
from juzhu.registry.text_rules import CANCEL_REASON

from .common import IsoDate, Located, choice, text
from .persons import PersonBrief, PersonIn, UnitOut


class ResidenceIn(Schema):
    town: text(12, description="居住地乡镇（街道）代码（9位）")
    address: text(200, description="居住地址")
    arrival_date: IsoDate = Field(description="到达居住地日期")
    reason: choice(Registration.Reason) = Field(description="居住事由")
    housing: choice(Registration.Housing) = Field(description="住所类型")
    exemption: text(32, description="免于登记情形（如适用）") = ""


class ChildIn(Schema):
    name: text(64, description="姓名")
    birth_date: IsoDate
    sex: choice(Person.Sex)
    id_number: text(18, description="公民身份号码（如有）") = ""


class RegistrationIn(Schema):
    person: PersonIn
    residence: ResidenceIn
    children: list[ChildIn] = Field(default_factory=list, max_length=20, description="随行子女（第二十三条）")


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
    children: list[ChildOut]


    @staticmethod
    def resolve_children(obj):
        return list(obj.children.order_by("id"))


class RegistrationOut(RegistrationBase):
    person: PersonBrief
