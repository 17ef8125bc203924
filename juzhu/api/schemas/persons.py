"""Persons: the identity a clerk enters, the masked search hit, the full record."""

import datetime
from typing import Literal, Optional

from ninja import Schema

from juzhu.registry.models import Person
from juzhu.registry.models.person import ethnicity_choices

from .common import Located, choice, text

Ethnicity = Literal[tuple(code for code, _ in ethnicity_choices())]


class PersonIn(Schema):
    """Identity as on the document the person presents (R-04)."""

    id_number: text(18, description="公民身份号码（18位，校验码 X 可小写）")
    name: text(64, description="姓名")
    ethnicity: Ethnicity
    hukou_division: text(12, description="户籍地县级行政区划代码（GB/T 2260，6位）")
    hukou_address: text(200, description="户籍地址")
    phone: text(20, description="联系电话") = ""
    id_type: choice(Person.IdType) = Person.IdType.RESIDENT_ID_CARD.value


class UnitOut(Schema):
    code: str
    name: str


class PersonListItem(Schema):
    """A search hit: ID number and phone are masked (R-22)."""

    id: int
    name: str
    sex_name: str
    id_number: str
    phone: str
    county: Optional[str]
    town: Optional[str]

    @staticmethod
    def resolve_sex_name(obj):
        return obj["sex"]


class PersonBrief(Schema):
    """Who a record is about, shown whole on a (logged) detail read."""

    id: int
    name: str
    id_number: str
    phone: str


class PersonOut(Located):
    id: int
    id_type: str
    id_number: str
    name: str
    sex: str
    sex_name: str
    ethnicity: str
    ethnicity_name: str
    birth_date: datetime.date
    hukou_division: str
    hukou_address: str
    phone: str
    county: Optional[str]
    town: Optional[str]

    @staticmethod
    def resolve_sex_name(obj):
        return obj.get_sex_display()

    @staticmethod
    def resolve_ethnicity_name(obj):
        return obj.get_ethnicity_display()

    @staticmethod
    def resolve_hukou_division(obj):
        return obj.hukou_division_id

