"""Permits, their cards, endorsements and address changes."""

import datetime
from typing import Optional

from ninja import Schema
from pydantic import Field

from juzhu.registry.actions.common import rules_context
from juzhu.rules.determinations.endorsement import window_end

from .applications import ApplicationOut
from .common import Located
from .persons import PersonBrief, UnitOut


class CardOut(Schema):
    id: int
    permit_id: int
    version: int
    kind: str
    status: str
    produced_on: datetime.date
    handed_out_on: Optional[datetime.date]
    old_card_returned: bool
    voided_on: Optional[datetime.date]
    void_reason: str
    fee: str

    @staticmethod
    def resolve_fee(obj):
        return f"{obj.fee:.2f}"


class EndorsementOut(Schema):
    id: int
    permit_id: int
    date: datetime.date
    anniversary: datetime.date
    late: bool
    unit: UnitOut


class AddressChangeOut(Schema):
    id: int
    permit_id: int
    permit_number: str
    date: datetime.date
    old_address: str
    new_address: str
    old_town: Optional[str]
    new_town: Optional[str]

    @staticmethod
    def resolve_permit_number(obj):
        return obj.permit.number

    @staticmethod
    def resolve_old_town(obj):
        return obj.old_town_id

    @staticmethod
    def resolve_new_town(obj):
        return obj.new_town_id


class PermitBrief(Schema):
    id: int
    number: str
    status: str
    issue_date: datetime.date
    next_anniversary: datetime.date
    window_end: datetime.date = Field(
        description="签注期最后一日：满1年之日，逢法定节假日或休息日顺延至下一工作日（R-11a）"
    )
    continuous_since: datetime.date
    suspended_since: Optional[datetime.date]

    @staticmethod
    def resolve_window_end(obj):
        return window_end(rules_context(), obj.next_anniversary).date


class PermitOut(PermitBrief, Located):
    person: PersonBrief
    application_id: int
    registration_id: int
    county: str
    town: Optional[str]
    holder_name: str
    holder_sex: str
    holder_ethnicity: str
    holder_birth_date: datetime.date
    holder_id_number: str
    hukou_address: str
    residence_address: str
    issuing_unit: UnitOut
    registration_date: datetime.date
    void_reason: str
    cards: list[CardOut]
    endorsements: list[EndorsementOut]
    address_changes: list[AddressChangeOut]

    @staticmethod
    def resolve_cards(obj):
        return list(obj.cards.order_by("version"))

    @staticmethod
    def resolve_endorsements(obj):
        return list(obj.endorsements.select_related("unit").order_by("date", "id"))

    @staticmethod
    def resolve_address_changes(obj):
        return list(obj.address_changes.select_related("permit").order_by("date", "id"))


class EndorsementResult(EndorsementOut):
    permit: PermitBrief


class DecisionOut(Schema):
    """The decision on an application: the permit signed, or the refusal with reasons."""

    application: ApplicationOut
    permit: Optional[PermitOut]
