"""Persons: the masked search hit, the full record (the identity a clerk enters is
``juzhu.registry.commands.PersonIn``)."""

import datetime
from typing import Optional

from ninja import Schema

from .common import Located


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
