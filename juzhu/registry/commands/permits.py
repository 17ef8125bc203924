"""Permits (Art 14-15): address change at the new station, replacement and reissue of the card."""

from pydantic import Field, StrictBool

from ..models import AddressChange, Permit, PermitCard
from .base import Command, choice_field, column, text_field
from .registrations import TOWN_CODE


class ChangeAddress(Command):
    """``change_address``: the holder presents the card; found by its number and her ID number."""

    permit_number: text_field(column(Permit, "number"), description="居住证号码")
    holder_id_number: text_field(
        column(Permit, "holder_id_number", "持证人公民身份号码"), description="持证人公民身份号码"
    )
    town: text_field(column(*TOWN_CODE, "新居住地乡镇（街道）"), description="新居住地乡镇（街道）代码")
    address: text_field(column(AddressChange, "new_address"), description="新居住地址")


class ReplaceCard(Command):
    """``replace_card``: replacement of a damaged card (handed back) or reissue of a lost one."""

    kind: choice_field(
        "类别",
        [(kind.value, kind.label) for kind in (PermitCard.Kind.REPLACEMENT, PermitCard.Kind.REISSUE)],
        description="replacement 换领（损坏，交回原证）；reissue 补领（丢失）",
    )
    old_card_returned: StrictBool = Field(False, title="原证已交回", description="换领时原证已交回")
