"""Residence registrations as the API shows them (the request bodies are the commands)."""

import datetime
from typing import Optional

from ninja import Schema
from pydantic import Field

from juzhu.prepared import Prepared
from juzhu.registry.models import Child

from .common import Located
from .persons import PersonBrief, UnitOut


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
        return CHILDREN.objects(registration_id=obj.pk)


# Every registration shown asks it (the person read among them): compiled once per process.
CHILDREN = Prepared(
    lambda registration_id: Child.objects.filter(registration_id=registration_id).order_by("id"), registration_id=int
)


class RegistrationOut(RegistrationBase):
    person: PersonBrief
