"""The typed payloads of the staff events (``juzhu.audit.payloads``), written by ``juzhu.org.actions``."""

from __future__ import annotations

import dataclasses

from juzhu.audit.events import Event
from juzhu.audit.payloads import Payload


@dataclasses.dataclass(frozen=True)
class StaffCreated(Payload):
    event = Event.STAFF_CREATE
    username: str
    unit: str  # the unit's code
    role: str
    display_name: str
    password_set: bool  # whether an initial password was given (never the password itself)


@dataclasses.dataclass(frozen=True)
class StaffAssigned(Payload):
    event = Event.STAFF_ASSIGN
    username: str
    unit: tuple[str, str]  # [old, new] unit code
    role: tuple[str, str]  # [old, new] role


@dataclasses.dataclass(frozen=True)
class StaffDeactivated(Payload):
    event = Event.STAFF_DEACTIVATE
    username: str
    reason: str
