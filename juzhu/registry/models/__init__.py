"""The registry's records. Every table about a person carries ``person_id`` (the
natural distribution column for Citus later) and the county/town codes of the
residence it concerns, indexed, so that jurisdiction filters are index scans."""

from .application import ApplicationMaterial, Notice, PermitApplication
from .calendar import CalendarYear, ParameterValue, RulesVersion
from .idempotency import IdempotencyRecord
from .identity import IdentityChange
from .permit import AddressChange, Endorsement, Permit, PermitCard
from .person import Child, Person
from .registration import Registration
from .supervision import DeadlineFlag, Sequence

__all__ = [
    "AddressChange",
    "ApplicationMaterial",
    "CalendarYear",
    "Child",
    "DeadlineFlag",
    "Endorsement",
    "IdempotencyRecord",
    "IdentityChange",
    "Notice",
    "ParameterValue",
    "Permit",
    "PermitApplication",
    "PermitCard",
    "Person",
    "Registration",
    "RulesVersion",
    "Sequence",
]
