"""What the planner decides about one resident, before anything is written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .places import Hukou, Town

Date = datetime.date


class Infeasible(Exception):
    """The drawn dates do not make the state; draw again."""


@dataclass(slots=True)
class ChildPlan:
    name: str
    birth: Date
    sex: str
    id_number: str


@dataclass(slots=True)
class RegistrationPlan:
    town: Town
    arrival: Date
    declared: Date
    duty: dict  # the rules' registration_duty answer as of the declaration
    address: str = ""
    reason: str = "work"
    housing: str = "rented"
    status: str = "active"
    cancelled_on: Date | None = None
    cancel_reason: str = ""
    acknowledged_on: Date | None = None  # moved: the day the old station acknowledged it
    children: list[ChildPlan] = field(default_factory=list)
    number: str = ""
    row: object = None  # the Registration once written


@dataclass(slots=True)
class MaterialPlan:
    code: str
    issuer: str
    received_on: Date


@dataclass(slots=True)
class NoticePlan:
    given_on: Date
    missing: list[str]
    number: str = ""
    row: object = None  # the Notice once written


@dataclass(slots=True)
class FlagPlan:
    due_date: Date
    flagged_on: Date
    resolved_on: Date | None
    row: object = None  # the DeadlineFlag, once written (its flag.raise entry needs the pk)


@dataclass(slots=True)
class ApplicationPlan:
    condition: str
    status: str
    received_on: Date
    materials: list[MaterialPlan] = field(default_factory=list)
    notice: NoticePlan | None = None
    accepted_on: Date | None = None
    deadline: dict | None = None  # the rules' issuance_deadline fields
    extended_until: Date | None = None
    extension_reason: str = ""
    decided_on: Date | None = None
    flag: FlagPlan | None = None
    receipt_number: str | None = None
    row: object = None  # the PermitApplication once written


@dataclass(slots=True)
class EndorsementPlan:
    date: Date
    anniversary: Date
    late: bool
    suspended_from: Date | None = None  # late: the day the daily job suspended the permit before it


@dataclass(slots=True)
class CardPlan:
    version: int
    kind: str
    produced_on: Date
    handed_out_on: Date | None = None
    voided_on: Date | None = None
    void_reason: str = ""
    old_card_returned: bool = False
    row: object = None  # the PermitCard once written

    @property
    def status(self) -> str:
        if self.voided_on:
            return "void"
        return "handed_out" if self.handed_out_on else "produced"


@dataclass(slots=True)
class PermitPlan:
    issue_date: Date
    endorsement_dates: list[Date]
    status: str = "valid"
    next_anniversary: Date | None = None
    continuous_since: Date | None = None
    suspended_since: Date | None = None
    endorsements: list[EndorsementPlan] = field(default_factory=list)
    cards: list[CardPlan] = field(default_factory=list)
    number: str = ""
    row: object = None  # the Permit once written


@dataclass(slots=True)
class ResidentPlan:
    state: str
    name: str = ""
    sex: str = ""
    birth: Date | None = None
    id_number: str = ""
    ethnicity: str = "01"
    hukou: Hukou | None = None
    hukou_address: str = ""
    phone: str = ""
    registrations: list[RegistrationPlan] = field(default_factory=list)  # the last one is the current one
    application: ApplicationPlan | None = None
    permit: PermitPlan | None = None

    @property
    def current(self) -> RegistrationPlan:
        return self.registrations[-1]

    @property
    def photographed(self) -> bool:
        """Her photo was taken: the application was accepted (approval needs it, the card prints it)."""
        return self.application is not None and self.application.accepted_on is not None

    @property
    def residence(self) -> Town | None:
        """Where the person lives now: the town of the active registration, if any."""
        current = self.registrations[-1]
        return current.town if current.status == "active" else None
