"""Residence registration: the rules decide, the record and its audit row land together."""

import datetime

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.notify.models import Notification
from juzhu.registry.actions import ActionError, NotFound, RuleRefusal, cancel_registration, register_residence
from juzhu.registry.actions.common import PermissionDenied
from juzhu.registry.models import Person, Registration
from tests.factories import person_data, residence_data

pytestmark = pytest.mark.django_db


def test_a_newcomer_is_registered_with_deadline_audit_and_notification(staff, clock):
    clock("2026-03-02")  # arrived Thu 26 Feb 2026: 27 Feb, Sat 28 Feb (调休), 2, 3, 4 Mar → due 4 Mar
    registration = register_residence(acting_user=staff.clerk, person=person_data(), residence=residence_data())
    assert registration.due_date == datetime.date(2026, 3, 4) and not registration.late
    assert registration.number.startswith("DJ6109022026")
    person = registration.person
    assert (person.sex, person.birth_date, person.county_id, person.town_id) == (
        "female",
        datetime.date(1990, 2, 28),
        "610902",
        "610902001",
    )
    assert person.name_initials == "zl"
    assert registration.decision["floating_status"]["outcome"] == "floating"
    entry = AuditEntry.objects.get(action="registration.create")
    assert (entry.actor, entry.person_id, entry.unit) == ("clerk_laocheng", person.pk, "老城街道派出所")
    assert Notification.objects.filter(person=person, kind="registration").count() == 1


def test_a_late_declaration_is_accepted_and_marked_late(staff, clock):
    clock("2026-03-10")
    registration = register_residence(acting_user=staff.clerk, person=person_data(), residence=residence_data())
    assert registration.late and registration.due_date == datetime.date(2026, 3, 4)


def test_a_person_of_the_same_county_is_refused_with_article_2_and_nothing_is_written(staff, clock):
    with pytest.raises(RuleRefusal) as refused:
        register_residence(
            acting_user=staff.clerk, person=person_data(hukou_division="610902"), residence=residence_data()
        )
    assert "第二条" in refused.value.decision.citations[0] and refused.value.field == "hukou_division"
    assert not Person.objects.exists() and not Registration.objects.exists()
    assert AuditEntry.objects.filter(action="registration.refused").count() == 1


def test_a_bad_id_number_is_refused_naming_the_field(staff, clock):
    with pytest.raises(RuleRefusal) as refused:
        register_residence(
            acting_user=staff.clerk, person=person_data(id_number="610113199002280021"), residence=residence_data()
        )
    assert refused.value.field == "id_number" and "校验码" in refused.value.message
    assert not Person.objects.exists()


def test_a_clerk_cannot_register_in_a_town_of_another_station(staff, clock):
    with pytest.raises(ActionError) as denied:
        register_residence(acting_user=staff.clerk, person=person_data(), residence=residence_data(town="610902002"))
    assert denied.value.status == 403 and not Registration.objects.exists()


def test_an_issuer_may_not_register(staff, clock):
    with pytest.raises(PermissionDenied):
        register_residence(acting_user=staff.issuer, person=person_data(), residence=residence_data())


def test_registering_again_elsewhere_is_a_confirmed_move_that_ends_the_old_registration(staff, clock):
    first = register_residence(acting_user=staff.clerk, person=person_data(), residence=residence_data())
    second = register_residence(
        acting_user=staff.xunyang_clerk,
        person=person_data(),
        move=True,
        residence=residence_data(town="610981100", address="旬阳市城关镇1号"),
    )
    first.refresh_from_db()
    assert first.status == "moved" and first.moved_to == second and "迁出" in first.cancel_reason
    assert second.person_id == first.person_id and Person.objects.count() == 1
    assert Person.objects.get().county_id == "610981"


def test_cancel_registration_outside_jurisdiction_answers_not_found(staff, clock):
    registration = register_residence(acting_user=staff.clerk, person=person_data(), residence=residence_data())
    with pytest.raises(NotFound):
        cancel_registration(acting_user=staff.other_clerk, registration_id=registration.pk, reason="离开")
    with pytest.raises(NotFound):
        cancel_registration(acting_user=staff.other_clerk, registration_id=999999, reason="离开")
    cancelled = cancel_registration(acting_user=staff.clerk, registration_id=registration.pk, reason="已离开本市")
    assert cancelled.status == "cancelled"
    with pytest.raises(ActionError):  # cancelled → cancelled is not a declared transition
        cancel_registration(acting_user=staff.clerk, registration_id=registration.pk, reason="again")


@pytest.mark.parametrize(
    "person, residence, field",
    [
        ({}, {"arrival_date": datetime.date(1989, 1, 1)}, "arrival_date"),  # before the birth in the ID number
        ({}, {"reason": "holiday"}, "reason"),
        ({}, {"housing": "castle"}, "housing"),
        ({"ethnicity": "77"}, {}, "ethnicity"),
        ({"name": "张" * 65}, {}, "name"),
        ({"hukou_address": "  "}, {}, "hukou_address"),
        ({}, {"children": "future"}, "children[0].birth_date"),
        ({}, {"children": "bad id"}, "children[0].id_number"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(staff, clock, person, residence, field):
    from juzhu.registry.commands import ChildIn

    children = []
    if residence.pop("children", None) == "future":
        children = [ChildIn(name="小明", birth_date=datetime.date(2027, 1, 1), sex="male")]
    elif field == "children[0].id_number":
        children = [
            ChildIn(name="小明", birth_date=datetime.date(2020, 1, 1), sex="male", id_number="610113202001010010")
        ]
    with pytest.raises(ActionError) as refused:
        register_residence(
            acting_user=staff.clerk,
            person=person_data(**person),
            residence=residence_data(**residence),
            children=children,
        )
    assert refused.value.field == field
    assert not Person.objects.exists() and not Registration.objects.exists()
    assert not AuditEntry.objects.filter(action="registration.create").exists()


def test_a_cancellation_date_cannot_be_in_the_future_or_before_the_registration(staff, clock):
    registration = register_residence(acting_user=staff.clerk, person=person_data(), residence=residence_data())
    for day in (datetime.date(2026, 3, 3), datetime.date(2026, 3, 1)):
        with pytest.raises(ActionError) as refused:
            cancel_registration(acting_user=staff.clerk, registration_id=registration.pk, reason="离开", date=day)
        assert refused.value.field == "date"
