"""Signing a permit (签发, county bureau) and keeping its endorsement state (Art 12, 13)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from juzhu.audit.events import Event
from juzhu.org.models import Unit, User
from juzhu.rules.decision import Decision

from ..events import emit
from ..events import payloads as p
from ..models import Permit, PermitApplication, PermitCard
from ..numbers import PERMIT, document_number
from ..residence import residence_in_county_since
from .common import ActionError, ask_rules, next_number


def issuing_unit_for(county_id: str) -> Unit:
    unit = Unit.objects.filter(kind=Unit.Kind.COUNTY_BUREAU, county_id=county_id).first()
    if unit is None:
        raise ActionError("未配置该县（市、区）的公安机关，无法签发居住证")
    return unit


def permit_number(county_id: str, year: int) -> str:
    """Default ``{county}{year}{serial:07d}``, e.g. 61090220260000001; see docs/registry.md."""
    serial = next_number("permit", county_id, year)
    return document_number(PERMIT, county_id, year, serial)


def create_permit(acting_user: User, application: PermitApplication, now: datetime.datetime) -> Permit:
    """Sign the permit of an approved application, on the decision's date (``now``)."""
    person = application.registration.person
    registration = application.registration
    issued = now.date()
    permit = Permit(
        person=person,
        county_id=application.county_id,
        town_id=application.town_id,
        number=permit_number(application.county_id, issued.year),
        application=application,
        registration=registration,
        holder_name=person.name,
        holder_sex=person.get_sex_display(),
        holder_ethnicity=person.get_ethnicity_display(),
        holder_birth_date=person.birth_date,
        holder_id_number=person.id_number,
        holder_photo=person.photo.name or "",  # a FieldFile is false when it has no name
        hukou_address=person.hukou_address,
        residence_address=registration.address,
        issuing_unit=issuing_unit_for(application.county_id),
        issue_date=issued,
        # Continuous residence in the county, not only at this address (R-06a, R-11).
        registration_date=residence_in_county_since(registration),
        next_anniversary=issued,
        continuous_since=issued,
    )
    apply_endorsement_state(permit, endorsements=[], as_of=issued)
    permit.save()
    PermitCard.objects.create(
        permit=permit, person=person, version=1, kind=PermitCard.Kind.ORIGINAL, produced_on=issued
    )
    emit(
        Event.PERMIT_ISSUE,
        actor=acting_user,
        subject=permit,
        person=person,
        unit=application.unit,  # where the card is collected: the station that received the application
        purpose="签发居住证",
        moment=now,
        payload=p.PermitIssued(number=permit.number, next_anniversary=permit.next_anniversary),
    )
    return permit


def endorsement_decision(permit: Permit, endorsements: Iterable[datetime.date], as_of: datetime.date) -> Decision:
    case: dict[str, object] = {
        "issue_date": permit.issue_date,
        "registration_date": permit.registration_date,
        "endorsements": list(endorsements),
        "as_of": as_of,
    }
    if permit.endorsement_requested_on is not None:  # I-16: not suspended while the station confirms
        case["requested_on"] = permit.endorsement_requested_on
    return ask_rules("endorsement_status", **case)


def apply_endorsement_state(permit: Permit, endorsements: Iterable[datetime.date], as_of: datetime.date) -> Decision:
    """Set status, next anniversary and continuity from the rules' reading of the history."""
    decision = endorsement_decision(permit, endorsements, as_of)
    if decision.outcome == "valid":
        permit.next_anniversary = decision.fields["next_anniversary"]
        permit.continuous_since = decision.fields["continuous_since"]
        permit.suspended_since = None
        if permit.status == Permit.Status.SUSPENDED:
            permit.move_to(Permit.Status.VALID)
    elif decision.outcome == "suspended":
        permit.next_anniversary = decision.fields["missed_anniversary"]
        permit.suspended_since = decision.fields["suspended_since"]
        if permit.status == Permit.Status.VALID:
            permit.move_to(Permit.Status.SUSPENDED)
    return decision
