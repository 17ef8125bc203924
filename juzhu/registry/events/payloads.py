"""The typed payload of each registry event (``juzhu.audit.payloads``).

One frozen dataclass per event that carries data; its fields are the keys the audit entry's
``detail`` has always had (so stored entries read back, and the demo's history agrees).
Events with no data (``card.hand_out``, the plain reads) have no payload.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from juzhu.audit.events import Event
from juzhu.audit.payloads import OMIT_EMPTY, Payload

DatePair = tuple[datetime.date | None, datetime.date | None]


@dataclasses.dataclass(frozen=True)
class Origin(Payload):
    """Mixed into a recomputation's payload: what was entered (a calendar year or a parameter)."""

    calendar_year: int = dataclasses.field(default=0, metadata=OMIT_EMPTY)
    parameter: str = dataclasses.field(default="", metadata=OMIT_EMPTY)

    @property
    def cause(self) -> str:
        """The cause as a resident's message names it."""
        return f"政策参数{self.parameter}调整" if self.parameter else f"{self.calendar_year}年放假安排录入"


# -- residence registration ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RegistrationCreated(Payload):
    event = Event.REGISTRATION_CREATE
    late: bool = False
    due_date: datetime.date | None = None
    moved_from: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class RegistrationMoved(Payload):
    event = Event.REGISTRATION_MOVED
    moved_to: str
    to_unit: str
    from_unit: str
    new_town: str | None  # the column may be empty, though a registration is always made in a town


@dataclasses.dataclass(frozen=True)
class MoveAcknowledged(Payload):
    event = Event.REGISTRATION_MOVE_ACKNOWLEDGED
    moved_to: str


@dataclasses.dataclass(frozen=True)
class RegistrationCancelled(Payload):
    event = Event.REGISTRATION_CANCEL
    reason: str


@dataclasses.dataclass(frozen=True)
class RegistrationRefused(Payload):
    event = Event.REGISTRATION_REFUSED
    id_number: str
    reasons: tuple[str, ...]
    citations: tuple[str, ...]
    id_type: str = dataclasses.field(default="", metadata=OMIT_EMPTY)
    person_kind: str = dataclasses.field(default="", metadata=OMIT_EMPTY)


@dataclasses.dataclass(frozen=True)
class IdentityConflictShown(Payload):
    event = Event.REGISTRATION_IDENTITY_CONFLICT
    message: str
    moves: tuple[str, ...]
    fields: tuple[str, ...]
    shown_old_values: bool


@dataclasses.dataclass(frozen=True)
class RegistrationRecomputed(Origin):
    event = Event.REGISTRATION_RECOMPUTE
    id: int = 0
    number: str = ""
    due_date: DatePair = (None, None)
    late: tuple[bool, bool] = (False, False)
    provisional: tuple[bool, bool] = (False, False)


# -- permit applications ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ApplicationReceived(Payload):
    event = Event.APPLICATION_RECEIVE
    condition: str


@dataclasses.dataclass(frozen=True)
class NoticeGiven(Payload):
    event = Event.APPLICATION_NOTICE
    missing: tuple[str, ...]
    reasons: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class MaterialsSupplemented(Payload):
    event = Event.APPLICATION_SUPPLEMENT
    materials: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class ApplicationAccepted(Payload):
    event = Event.APPLICATION_ACCEPT
    receipt: str
    due_date: datetime.date
    warned_not_eligible: str = dataclasses.field(default="", metadata=OMIT_EMPTY)


@dataclasses.dataclass(frozen=True)
class ApplicationApproved(Payload):
    event = Event.APPLICATION_APPROVE
    permit: str


@dataclasses.dataclass(frozen=True)
class ApplicationRefused(Payload):
    event = Event.APPLICATION_REFUSE
    number: str
    reasons: tuple[str, ...]
    citations: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class IssuanceExtended(Payload):
    event = Event.APPLICATION_EXTEND
    until: datetime.date
    reason: str


@dataclasses.dataclass(frozen=True)
class ApplicationWithdrawn(Payload):
    event = Event.APPLICATION_WITHDRAW
    reason: str


@dataclasses.dataclass(frozen=True)
class ApplicationRecomputed(Origin):
    event = Event.APPLICATION_RECOMPUTE
    id: int = 0
    receipt: str = ""
    due_date: DatePair = (None, None)
    extension_limit: DatePair = (None, None)
    provisional: tuple[bool, bool] = (False, False)


# -- permits and cards -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PermitIssued(Payload):
    event = Event.PERMIT_ISSUE
    number: str
    next_anniversary: datetime.date


@dataclasses.dataclass(frozen=True)
class PermitEndorsed(Payload):
    event = Event.PERMIT_ENDORSE
    date: datetime.date
    late: bool
    reasons: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class PermitSuspended(Payload):
    event = Event.PERMIT_SUSPEND
    reasons: tuple[str, ...]
    window_end: datetime.date | None = None  # the last day the endorsement could have been made


@dataclasses.dataclass(frozen=True)
class AddressChanged(Payload):
    event = Event.PERMIT_CHANGE_ADDRESS
    from_town: str | None = dataclasses.field(metadata={"key": "from"})  # the column may be empty
    to_town: str = dataclasses.field(metadata={"key": "to"})


@dataclasses.dataclass(frozen=True)
class CardRenewed(Payload):
    events = (Event.CARD_REPLACEMENT, Event.CARD_REISSUE)
    version: int
    fee: str = "0"


@dataclasses.dataclass(frozen=True)
class PermitRecomputed(Origin):
    event = Event.PERMIT_RECOMPUTE
    id: int = 0
    number: str = ""
    status: tuple[str, str] = ("", "")
    suspended_since: DatePair = (None, None)


# -- persons and documents ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PhotoTaken(Payload):
    event = Event.PERSON_PHOTO
    bytes: int
    size: tuple[int, int]


@dataclasses.dataclass(frozen=True)
class IdentityChanged(Payload):
    event = Event.PERSON_IDENTITY_CHANGE
    registration: str
    reason: str
    changes: dict[str, list[str]]  # field → [old, new], as IdentityChange keeps them


@dataclasses.dataclass(frozen=True)
class PersonsSearched(Payload):
    event = Event.PERSON_SEARCH
    query: str
    shown: tuple[int, ...]


# -- deadline flags (Art 27, R-24) ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FlagRaised(Payload):
    event = Event.FLAG_RAISE
    application: int
    receipt: str
    due_date: datetime.date
    flagged_on: datetime.date


@dataclasses.dataclass(frozen=True)
class FlagRecomputed(Origin):
    events = (Event.FLAG_WITHDRAW, Event.FLAG_RECOMPUTE)
    flag: int = 0
    application: int = 0
    receipt: str = ""
    due_date: DatePair = (None, None)
    flagged_on: datetime.date | None = None


@dataclasses.dataclass(frozen=True)
class FlagResolved(Payload):
    event = Event.FLAG_RESOLVE
    flag: int
    application: int
    status: str  # the application's status that closed the flag
    resolved_on: datetime.date


# -- reference data and the system ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CalendarEntered(Payload):
    events = (Event.CALENDAR_ENTER, Event.CALENDAR_CORRECT)
    year: int
    holidays: int
    workdays: int
    recomputed: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class ParameterEntered(Payload):
    events = (Event.PARAMETER_SET, Event.PARAMETER_CORRECT)
    name: str
    valid_from: datetime.date
    value: Any
    reference: str
    previous: Any
    recomputed: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class DailyJobRun(Payload):
    event = Event.JOB_DAILY
    day: datetime.date
    permits_suspended: int = 0
    endorsement_reminders: int = 0
    deadlines_flagged: int = 0
    issuance_reminders: int = 0
    deadline_flags_resolved: int = 0
    notifications_sent: int = 0
    notifications_failed: int = 0
    status_entries_reconciled: int = 0  # juzhu.credentials, through the after_daily signal
    status_lists_signed: int = 0


# issue 10: cards
@dataclasses.dataclass(frozen=True)
class CardReportedLost(Payload):
    """The holder reported the card lost: this version is void at once (Art 15, R-13a)."""

    event = Event.CARD_REPORT_LOST
    permit: str  # the permit's number
    version: int  # the card's version, now void
