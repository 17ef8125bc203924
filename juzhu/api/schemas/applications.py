"""Permit applications as the API shows them (the request bodies are the commands, juzhu.registry.commands)."""

import datetime
from typing import Optional

from ninja import Schema

from juzhu.registry.models import Permit

from .common import Located
from .persons import PersonBrief, UnitOut


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
