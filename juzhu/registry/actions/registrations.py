"""Residence registration (Art 9, R-01…R-05); its end by cancellation or by a move is ``registration_endings``."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import Division, User
from juzhu.rules.decision import Decision

from ..commands import ChildIn, PersonIn, RegisterResidence, ResidenceIn
from ..events import emit
from ..events import payloads as p
from ..models import Child, Person, Registration
from ..models.person import identity_document_choices
from ..numbers import document_number
from .checks import birth_date, choice, date_between
from .common import (
    ActionError,
    RuleRefusal,
    ask_rules,
    next_number,
    one_moment,
    require,
    require_place,
    rules_context,
)
from .identity import (
    apply_changes,
    conflict_for,
    end_by_move,
    person_column,
    record_refusal,
    start_moves,
    typed_value,
)
from .out_of_scope import outside_the_measure


@one_moment
def register_residence(
    *,
    acting_user: User,
    person: PersonIn,
    residence: ResidenceIn,
    children: Sequence[ChildIn] = (),
    move: bool = False,
    identity_reason: str = "",
    confirmation: str = "",
) -> Registration:
    """Register a floating person's residence; refuse (with Art 2's reason) anyone who is not.

    A person the registry knows (R-27): an active registration elsewhere ends only when the
    clerk confirms the ``move``; changed identity data needs an ``identity_reason``; otherwise
    ``IdentityConflict`` (409) says what would happen. ``confirmation`` (the token that 409
    gave) binds the clerk's confirmation to what she was shown (identity.py). The keywords
    are the command ``RegisterResidence``'s fields, validated through it after R-02a's answer.
    """
    require(acting_user, "register_residence")
    town = Division.objects.filter(code=residence.town, level=Division.Level.TOWN).first()
    if town is None:
        raise ActionError("请选择居住地所在的乡镇（街道）", field="town")
    require_place(acting_user, town.parent_id, town.pk)
    choice(person.id_type, "id_type", "身份证件类型", identity_document_choices())
    now = clock.now()
    identity = outside_the_measure(acting_user, person, town, now)
    declared = now.date()
    command = RegisterResidence.check(
        person=person,
        residence=residence,
        children=list(children),
        move=move,
        identity_reason=identity_reason,
        confirmation=confirmation,
    )
    person, residence, children = command.person, command.residence, command.children
    identity_reason, confirmation = command.identity_reason, command.confirmation
    check_residence_input(residence.arrival_date, children, identity.fields["birth_date"], declared)
    floating = ask_rules(
        "floating_status",
        hukou_division=person.hukou_division,
        residence_division=town.parent_id,
        id_number=identity.fields["value"],
    )
    duty_case = {"arrival_date": residence.arrival_date, "as_of": declared}
    if residence.exemption:
        duty_case["exemption"] = residence.exemption
    duty = ask_rules("registration_duty", **duty_case)

    if floating.outcome != "floating":
        with transaction.atomic():  # the refusal itself is kept, for supervision (Art 27)
            emit(
                Event.REGISTRATION_REFUSED,
                actor=acting_user,
                purpose="居住登记",
                moment=now,
                payload=p.RegistrationRefused(
                    id_number=identity.fields["value"],
                    reasons=tuple(floating.reasons),
                    citations=tuple(floating.citations),
                ),
            )
        raise RuleRefusal(floating, field="hukou_division")
    refused = None
    with transaction.atomic():
        _refuse_double_submit(acting_user, person, identity.fields["value"], residence, declared, town)
        values = _identity_values(person, identity)
        known = Person.objects.select_for_update().filter(id_number=identity.fields["value"]).first()
        conflict = None
        if known is not None:
            if not values["phone"]:  # a phone left blank keeps the one on record
                values["phone"] = known.phone
            conflict = conflict_for(acting_user, known, values)
            refused = conflict.refusal(move=move, reason=identity_reason, confirmation=confirmation)
            if refused:  # kept: what was disclosed to whom (the transaction commits it)
                record_refusal(acting_user, conflict, refused, now)
        if not refused:
            moving = conflict.moves if conflict else []
            start_moves(moving)  # first, so that the new one is the person's one active registration
            registration = _register(
                acting_user,
                known,
                values,
                identity,
                residence,
                children,
                town,
                now,
                floating,
                duty,
                moved_from=[old.number for old in moving],
            )
            if conflict:
                apply_changes(acting_user, conflict, identity_reason, registration, now)
                end_by_move(acting_user, conflict, registration, now)
    if refused:
        raise refused
    return registration


def _register(
    acting_user: User,
    known: Person | None,
    values: dict[str, str],
    identity: Decision,
    residence: ResidenceIn,
    children: list[ChildIn],
    town: Division,
    now: datetime.datetime,
    floating: Decision,
    duty: Decision,
    moved_from: list[str],
) -> Registration:
    declared = now.date()
    holder = known or Person(
        id_number=identity.fields["value"],
        **{person_column(k).attname: typed_value(k, v) for k, v in values.items()},
    )
    holder.county_id, holder.town = town.parent_id, town
    holder.save()
    # Ignored below: the town (a TOWN division) has its county as parent; require_place() found the unit.
    registration = Registration.objects.create(  # type: ignore[misc]
        person=holder,
        county_id=town.parent_id,
        town=town,
        number=_registration_number(town.parent_id, declared),  # type: ignore[arg-type]  # a town's parent
        address=residence.address.strip(),
        arrival_date=residence.arrival_date,
        declared_date=declared,
        reason=residence.reason,
        housing=residence.housing,
        unit=acting_user.unit,
        registered_by=acting_user,
        due_date=duty.fields.get("due_date"),
        late=bool(duty.fields.get("late")),
        provisional=bool(duty.fields.get("provisional")),
        exemption=residence.exemption or "",
        decision={"floating_status": floating.to_dict(), "registration_duty": duty.to_dict()},
    )
    for child in children:
        Child.objects.create(
            person=holder,
            registration=registration,
            name=child.name,
            birth_date=child.birth_date,
            sex=child.sex,
            id_number=child.id_number,
        )
    emit(
        Event.REGISTRATION_CREATE,
        actor=acting_user,
        subject=registration,
        person=holder,
        purpose="居住登记",
        moment=now,
        payload=p.RegistrationCreated(
            late=registration.late, due_date=registration.due_date, moved_from=tuple(moved_from)
        ),
    )
    return registration


def check_residence_input(
    arrival_date: datetime.date, children: list[ChildIn], birth: datetime.date, declared: datetime.date
) -> None:
    """What the command cannot know (the dates of this person and of today, the rules' ID number
    check), named by field, before anything is written; the online declaration checks the same."""
    date_between(arrival_date, "arrival_date", "到达居住地日期", birth, declared)
    earliest = rules_context().param("identity.earliest_birth_date", declared).value
    for index, child in enumerate(children):
        field = f"children[{index}]"
        birth_date(
            child.birth_date, f"{field}.birth_date", "子女出生日期", today=declared, earliest=earliest, parent=birth
        )
        if child.id_number:
            check = ask_rules("id_number", value=child.id_number)
            if check.outcome != "valid":
                raise RuleRefusal(check, field=f"{field}.id_number")
            child.id_number = check.fields["value"]


def _identity_values(data: PersonIn, identity: Decision) -> dict[str, str]:
    """The identity typed now, as text per Person field (as ``IdentityChange`` keeps it)."""
    return {
        "name": data.name,
        "sex": identity.fields["sex"],
        "birth_date": identity.fields["birth_date"].isoformat(),
        "ethnicity": data.ethnicity,
        "id_type": data.id_type,
        "hukou_division": data.hukou_division,
        "hukou_address": data.hukou_address,
        "phone": data.phone,
    }


def _refuse_double_submit(
    acting_user: User, data: PersonIn, id_number: str, residence: ResidenceIn, declared: datetime.date, town: Division
) -> None:
    """The same registration again (same identity data, same residence, the same day at the same
    unit) is a double submit, not a move or a correction: without this the second would cancel
    the first and burn a number, or, for a new ID number, fail on its unique key (issue 8,
    finding 3). Waits first for a registration of the same ID number under way."""
    _lock_id_number(id_number)
    same = Registration.objects.filter(
        person__id_number=id_number,
        person__id_type=data.id_type,
        person__name=data.name.strip(),
        person__ethnicity=data.ethnicity,
        person__hukou_division_id=data.hukou_division,
        person__hukou_address=data.hukou_address.strip(),
        person__phone=data.phone.strip(),
        status=Registration.Status.ACTIVE,
        town=town,
        unit=acting_user.unit,
        declared_date=declared,
        address=residence.address.strip(),
        arrival_date=residence.arrival_date,
        reason=residence.reason,
        housing=residence.housing,
        exemption=residence.exemption or "",
    ).first()
    if same is not None:
        raise ActionError(
            f"该人员今天已在本单位办理了相同的居住登记（登记编号{same.number}），请勿重复提交",
            field="id_number",
            status=409,
        )


def _lock_id_number(id_number: str) -> None:
    """Serialise registrations of one ID number until the transaction ends, even of a new one
    that has no row to lock yet (PostgreSQL: an advisory lock on the number; SQLite serialises
    every write transaction anyway, BEGIN IMMEDIATE)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("_lock_id_number() must run inside the registration's transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"person:{id_number}"])


def _registration_number(county: str, on: datetime.date) -> str:
    serial = next_number("registration", county, on.year)
    return document_number("registration", county, on.year, serial)
