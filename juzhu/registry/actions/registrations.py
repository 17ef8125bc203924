"""Residence registration and its cancellation (Art 9, R-01…R-05)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from juzhu.audit.log import record
from juzhu.notify.queue import queue_for_person
from juzhu.org.models import Division

from ..models import Child, Person, Registration
from ..models.person import ethnicity_choices
from ..text_rules import CANCEL_REASON
from .checks import choice, date_between, text
from .common import ActionError, RuleRefusal, decide, get_scoped, next_number, require, require_place, today


@dataclass
class PersonData:
    """Identity as on the document the person presents (R-04)."""

    id_number: str
    name: str
    ethnicity: str
    hukou_division: str
    hukou_address: str
    phone: str = ""
    id_type: str = Person.IdType.RESIDENT_ID_CARD


@dataclass
class ChildData:
    name: str
    birth_date: datetime.date
    sex: str
    id_number: str = ""


@dataclass
class RegistrationData:
    town: str
    address: str
    arrival_date: datetime.date
    reason: str
    housing: str
    exemption: str = ""
    children: list[ChildData] = field(default_factory=list)


def register_residence(*, acting_user, person: PersonData, residence: RegistrationData) -> Registration:
    """Register a floating person's residence; refuse (with Art 2's reason) anyone who is not."""
    require(acting_user, "register_residence")
    town = Division.objects.filter(code=residence.town, level=Division.Level.TOWN).first()
    if town is None:
        raise ActionError("请选择居住地所在的乡镇（街道）", field="town")
    require_place(acting_user, town.parent_id, town.pk)
    identity = decide("id_number", value=person.id_number)
    if identity.outcome != "valid":
        raise RuleRefusal(identity, field="id_number")
    declared = today()
    _check_input(person, residence, identity.fields["birth_date"], declared)
    floating = decide("floating_status", hukou_division=person.hukou_division, residence_division=town.parent_id)
    duty_case = {"arrival_date": residence.arrival_date, "as_of": declared}
    if residence.exemption:
        duty_case["exemption"] = residence.exemption
    duty = decide("registration_duty", **duty_case)

    if floating.outcome != "floating":
        with transaction.atomic():  # the refusal itself is kept, for supervision (Art 27)
            record(actor=acting_user, action="registration.refused", purpose="居住登记",
                   detail={"id_number": identity.fields["value"], "reasons": floating.reasons,
                           "citations": floating.citations})
        raise RuleRefusal(floating, field="hukou_division")
    with transaction.atomic():
        holder = _upsert_person(person, identity)
        _supersede_active_registrations(acting_user, holder, declared, town)
        registration = Registration.objects.create(
            person=holder, county_id=town.parent_id, town=town,
            number=_registration_number(town.parent_id, declared),
            address=residence.address.strip(), arrival_date=residence.arrival_date, declared_date=declared,
            reason=residence.reason, housing=residence.housing, unit=acting_user.unit, registered_by=acting_user,
            due_date=duty.fields.get("due_date"), late=bool(duty.fields.get("late")),
            provisional=bool(duty.fields.get("provisional")), exemption=residence.exemption or "",
            decision={"floating_status": floating.to_dict(), "registration_duty": duty.to_dict()},
        )
        for child in residence.children:
            Child.objects.create(person=holder, registration=registration, name=child.name,
                                 birth_date=child.birth_date, sex=child.sex, id_number=child.id_number)
        holder.county_id, holder.town = town.parent_id, town
        holder.save(update_fields=["county", "town", "updated_at"])
        record(actor=acting_user, action="registration.create", obj=registration, person_id=holder.pk,
               purpose="居住登记", detail={"late": registration.late, "due_date": registration.due_date})
        queue_for_person(holder, "registration", f"registration:{registration.pk}",
                         f"您已在{acting_user.unit}办理居住登记，登记编号{registration.number}。依法免费办理。")
    return registration


def cancel_registration(*, acting_user, registration_id: int, reason: str, date: datetime.date | None = None):
    """Cancel a registration when the person has left (status: active → cancelled)."""
    require(acting_user, "cancel_registration")
    reason = CANCEL_REASON.check(reason, "reason")
    with transaction.atomic():
        registration = get_scoped(Registration, acting_user, "居住登记", lock=True, pk=registration_id)
        registration.move_to(Registration.Status.CANCELLED)
        registration.cancelled_on = date_between(date or today(), "date", "注销日期",
                                                 registration.declared_date, today())
        registration.cancel_reason = reason
        registration.save(update_fields=["status", "cancelled_on", "cancel_reason"])
        Person.objects.filter(pk=registration.person_id, town=registration.town_id).update(county=None, town=None)
        record(actor=acting_user, action="registration.cancel", obj=registration,
               person_id=registration.person_id, purpose="注销居住登记", detail={"reason": reason})
    return registration


def _check_input(person: PersonData, residence: RegistrationData, birth: datetime.date,
                 declared: datetime.date) -> None:
    """Everything a form or the API could get wrong, named by field, before anything is written."""
    person.name = text(person.name, "name", "姓名", 64)
    person.hukou_address = text(person.hukou_address, "hukou_address", "户籍地址", 200)
    person.phone = text(person.phone, "phone", "联系电话", 20, required=False)
    choice(person.ethnicity, "ethnicity", "民族", ethnicity_choices())
    choice(person.id_type, "id_type", "身份证件类型", Person.IdType.choices)
    residence.address = text(residence.address, "address", "居住地址", 200)
    choice(residence.reason, "reason", "居住事由", Registration.Reason.choices)
    choice(residence.housing, "housing", "住所类型", Registration.Housing.choices)
    date_between(residence.arrival_date, "arrival_date", "到达居住地日期", birth, declared)
    for index, child in enumerate(residence.children):
        field = f"children[{index}]"
        child.name = text(child.name, f"{field}.name", "子女姓名", 64)
        choice(child.sex, f"{field}.sex", "子女性别", Person.Sex.choices)
        date_between(child.birth_date, f"{field}.birth_date", "子女出生日期", None, declared)
        if child.id_number:
            check = decide("id_number", value=child.id_number)
            if check.outcome != "valid":
                raise RuleRefusal(check, field=f"{field}.id_number")
            child.id_number = check.fields["value"]


def _upsert_person(data: PersonData, identity) -> Person:
    """One person per ID number: update the identity data on a new registration."""
    values = dict(
        id_type=data.id_type, name=data.name.strip(), sex=identity.fields["sex"],
        birth_date=identity.fields["birth_date"], ethnicity=data.ethnicity,
        hukou_division_id=data.hukou_division, hukou_address=data.hukou_address.strip(), phone=data.phone.strip(),
    )
    person = Person.objects.select_for_update().filter(id_number=identity.fields["value"]).first()
    if person is None:
        person = Person(id_number=identity.fields["value"], **values)
    else:
        for key, value in values.items():
            setattr(person, key, value)
    person.save()
    return person


def _supersede_active_registrations(acting_user, person: Person, on: datetime.date, town) -> None:
    """A new registration replaces the old one, wherever it was (the person moved)."""
    for old in Registration.objects.select_for_update().filter(person=person, status=Registration.Status.ACTIVE):
        old.move_to(Registration.Status.CANCELLED)
        old.cancelled_on = on
        old.cancel_reason = f"在{town.full_name}重新办理居住登记"
        old.save(update_fields=["status", "cancelled_on", "cancel_reason"])
        record(actor=acting_user, action="registration.superseded", obj=old, person_id=person.pk,
               purpose="居住登记", detail={"new_town": town.pk})


def _registration_number(county: str, on: datetime.date) -> str:
    serial = next_number("registration", county, on.year)
    return f"DJ{county}{on.year}{serial:07d}"
