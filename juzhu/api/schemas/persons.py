"""Persons: the identity a clerk enters, the masked search hit, the full record."""

import datetime
from typing import Annotated, Literal, Optional

from ninja import Schema
from pydantic import Field

from juzhu.registry.actions import checks
from juzhu.registry.models.person import DEFAULT_ID_TYPE, ethnicity_choices, identity_document_choices

from .common import Located, checked, text

Ethnicity = Literal[tuple(code for code, _ in ethnicity_choices())]
IdType = Literal[tuple(code for code, _ in identity_document_choices())]
# Names and phones: the actions' checks. A name may be in Latin letters only with a passport
# (id_type); the schema cannot see that field yet, so it allows them and the action decides.
Name = Annotated[
    text(64, description="姓名（汉字，少数民族姓名用间隔号“·”；持护照者可用拉丁字母）"),
    checked("name", lambda v: checks.person_name(v, "name", "姓名", 64, latin=True)),
]
Phone = Annotated[
    text(20, description="联系电话：手机号码（11位）或固定电话（如 0915-3212345）"),
    checked("phone", lambda v: checks.phone(v, "phone", "联系电话", 20)),
]


class PersonIn(Schema):
    """Identity as on the document the person presents (R-04)."""

    id_number: text(18, description="公民身份号码（18位，校验码 X 可小写）")
    name: Name
    ethnicity: Ethnicity
    hukou_division: text(12, description="户籍地县级行政区划代码（GB/T 2260，6位）")
    hukou_address: text(200, description="户籍地址")
    phone: Phone = ""
    id_type: IdType = Field(
        DEFAULT_ID_TYPE, description="身份证件类型（第二十九条；港澳台居民居住证、外国护照的持有人不适用本办法）"
    )


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
