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


@dataclasses.dataclass(frozen=True)
class PasswordChanged(Payload):
    event = Event.STAFF_PASSWORD_CHANGED
    forced: bool  # the password fell short of the policy at login (never the password itself)


@dataclasses.dataclass(frozen=True)
class SecondFactorEnrolled(Payload):
    event = Event.STAFF_SECOND_FACTOR_ENROLLED
    device: str


@dataclasses.dataclass(frozen=True)
class SecondFactorFailed(Payload):
    event = Event.STAFF_SECOND_FACTOR_FAILED
    reason: str


@dataclasses.dataclass(frozen=True)
class SecondFactorReset(Payload):
    event = Event.STAFF_SECOND_FACTOR_RESET
    devices: int


@dataclasses.dataclass(frozen=True)
class ApiTokenCreated(Payload):
    event = Event.API_TOKEN_CREATE
    name: str
    prefix: str  # the key's first 8 characters, never the key


@dataclasses.dataclass(frozen=True)
class ApiTokenRevoked(Payload):
    event = Event.API_TOKEN_REVOKE
    prefix: str
