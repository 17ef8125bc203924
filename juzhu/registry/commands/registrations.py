"""Residence registration (Art 9) with the person, the residence and the children; its
cancellation. The identity-change and move confirmations of R-27 are fields of the registration."""

from typing import Optional, Self

from pydantic import Field, StrictBool, model_validator

from juzhu.org.models import Division

from ..errors import ActionError
from ..models import Child, Person, Registration
from ..models.person import DEFAULT_ID_TYPE, LATIN_NAME_DOCUMENTS, ethnicity_choices, identity_document_choices
from ..text_rules import CANCEL_REASON, IDENTITY_REASON, TextRule
from .base import Command, checked_by, choice_field, column, date_field, refuse, text_field

HUKOU_DIVISION = TextRule("户籍地行政区划代码", 6)  # a county's GB/T 2260 code: six digits
TOWN_CODE = (Division, "code")  # a town is named by its division code
MAX_CHILDREN = 20


def _six_digits(value: str) -> str:
    if not (len(value) == 6 and value.isascii() and value.isdigit()):
        raise refuse("check", f"{HUKOU_DIVISION.label}应为6位数字（如 610113）")
    return value


class PersonIn(Command):
    """Identity as on the document the person presents (R-04)."""

    id_number: text_field(
        column(Person, "id_number"), description="公民身份号码（18位，校验码 X 可小写）；外国人填写护照号码"
    )
    name: text_field(
        column(Person, "name"),
        description="姓名（汉字，少数民族姓名用间隔号“·”；持护照者可用拉丁字母）",
        check=checked_by("person_name", "姓名", 64, latin=True),
    )
    ethnicity: choice_field("民族", ethnicity_choices())
    # Not required here: a person outside the measure (R-02a, e.g. a Hong Kong resident) has no
    # hukou and is answered with Art 2 para 3; for everyone else the rules ask for it (floating_status).
    hukou_division: text_field(
        HUKOU_DIVISION,
        required=False,
        description="户籍地县级行政区划代码（GB/T 2260，6位）；港澳台居民、外国人不填",
        check=_six_digits,
    ) = ""
    hukou_address: text_field(column(Person, "hukou_address"))
    phone: text_field(
        column(Person, "phone"),
        required=False,
        description="联系电话：手机号码（11位）或固定电话（如 0915-3212345）",
        check=checked_by("phone", "联系电话", 20),
    ) = ""
    id_type: choice_field(
        "身份证件类型",
        identity_document_choices(),
        description="身份证件类型（第二十九条；港澳台居民居住证、外国护照的持有人不适用本办法）",
    ) = DEFAULT_ID_TYPE

    @model_validator(mode="after")
    def _latin_only_with_a_passport(self) -> Self:
        """A name in Latin letters is a passport's name line (R-27): only with such a document."""
        if self.id_type not in LATIN_NAME_DOCUMENTS:
            from ..actions import checks

            try:
                checks.person_name(self.name, "name", "姓名", 64)
            except ActionError as refused:
                raise refuse("check", refused.message) from None
        return self


class ResidenceIn(Command):
    town: text_field(column(*TOWN_CODE, "居住地乡镇（街道）"), description="居住地乡镇（街道）代码（9位）")
    address: text_field(column(Registration, "address"))
    arrival_date: date_field("到达居住地日期")
    reason: choice_field("居住事由", Registration.Reason.choices)
    housing: choice_field("住所类型", Registration.Housing.choices)
    exemption: text_field(column(Registration, "exemption"), required=False, description="免于登记情形（如适用）") = ""


class ChildIn(Command):
    """A child who lives with the person (Art 23)."""

    name: text_field(column(Child, "name", "子女姓名"), check=checked_by("person_name", "子女姓名", 64))
    birth_date: date_field("子女出生日期")
    sex: choice_field("子女性别", Person.Sex.choices)
    id_number: text_field(
        column(Child, "id_number", "子女公民身份号码"), required=False, description="公民身份号码（如有）"
    ) = ""


class RegisterResidence(Command):
    """``register_residence``: the person, the residence, the children; R-27's confirmations."""

    person: PersonIn = Field(title="身份信息")
    residence: ResidenceIn = Field(title="居住信息")
    children: list[ChildIn] = Field(
        default_factory=list, max_length=MAX_CHILDREN, title="随行子女", description="随行子女（第二十三条）"
    )
    move: StrictBool = Field(
        False,
        title="确认按迁移办理",
        description="确认按迁移办理：该人员在别处有有效登记时，原登记转为“已迁出”（R-27）",
    )
    identity_reason: text_field(
        IDENTITY_REASON,
        required=False,
        description="身份信息更改原因：姓名、电话、户籍地址等与已登记的不同时必填（R-27）",
    ) = ""
    confirmation: text_field(
        TextRule("确认码", 64),
        required=False,
        description="上次 409 应答的 conflict.confirmation：确认只对所示内容有效",
    ) = ""


class CancelRegistration(Command):
    """``cancel_registration``: why, and from which day (today when not given)."""

    reason: text_field(CANCEL_REASON)
    date: Optional[date_field("注销日期")] = Field(None, title="注销日期", description="离开日期，默认为今天")
