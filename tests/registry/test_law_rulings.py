"""The rulings of issue 7 in the registry: R-06a, R-06b, R-11a, R-02a (rules cases are in tests/rules/cases)."""

import datetime

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.notify.models import Notification
from juzhu.registry.actions import (
    ActionError,
    RuleRefusal,
    decide_application,
    endorse_permit,
    receive_application,
    register_residence,
    set_person_photo,
    supplement_materials,
)
from juzhu.registry.endorsement_windows import permits_in_window
from juzhu.registry.jobs.daily import run_daily
from juzhu.registry.models import PermitApplication, Person, Registration
from juzhu.registry.residence import residence_in_county_since
from juzhu.rules.id_number import check_character
from tests.factories import person_data, residence_data

from .flows import COMPLETE_FOR_EMPLOYMENT, issued_permit, photo_bytes

pytestmark = pytest.mark.django_db
HONG_KONG = "81000019900101123" + check_character("81000019900101123")


def _register(user, town: str, address: str, move: bool = False):
    from juzhu.clock import today

    return register_residence(
        acting_user=user,
        person=person_data(),
        residence=residence_data(town=town, address=address, arrival_date=today() - datetime.timedelta(days=2)),
        move=move,
    )


def _apply(user, registration, **extra):
    return receive_application(
        acting_user=user,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
        **extra,
    )


def test_a_move_to_another_station_of_the_same_county_does_not_restart_the_half_year(staff, clock):
    """R-06a: Hanbin 老城 on 10 Mar 2025, Hanbin 新城 on 1 Jul 2025: the half year ends 10 Sep 2025."""
    clock("2025-03-10")
    _register(staff.clerk, "610902001", "汉滨区老城街道兴安路2号")
    clock("2025-07-01")
    moved = _register(staff.other_clerk, "610902002", "汉滨区新城街道巴山路8号", move=True)
    assert residence_in_county_since(moved) == datetime.date(2025, 3, 10)
    clock("2025-09-10")
    application = _apply(staff.other_clerk, moved)  # no warning: the half year is reached
    assert application.status == "accepted"
    set_person_photo(acting_user=staff.other_clerk, person_id=moved.person_id, data=photo_bytes())
    permit = decide_application(acting_user=staff.issuer, application_id=application.pk, approve=True)
    assert permit.registration_date == datetime.date(2025, 3, 10)  # continuous residence in the county


def test_a_move_to_another_county_restarts_the_half_year(staff, clock):
    clock("2025-03-10")
    _register(staff.clerk, "610902001", "汉滨区老城街道兴安路2号")
    clock("2025-07-01")
    moved = _register(staff.xunyang_clerk, "610981100", "旬阳市城关镇某路1号", move=True)
    assert residence_in_county_since(moved) == datetime.date(2025, 7, 1)
    clock("2025-09-10")
    with pytest.raises(ActionError) as warned:
        _apply(staff.xunyang_clerk, moved)
    assert "2026年01月01日" in warned.value.message


def test_a_registration_cancelled_before_the_next_one_breaks_the_chain(staff, clock):
    """The person left (registration cancelled) and came back later: residence began again."""
    from juzhu.registry.actions import cancel_registration

    clock("2025-01-06")
    first = _register(staff.clerk, "610902001", "汉滨区老城街道兴安路2号")
    clock("2025-02-03")
    cancel_registration(acting_user=staff.clerk, registration_id=first.pk, reason="已离开")
    clock("2025-06-02")
    again = _register(staff.other_clerk, "610902002", "汉滨区新城街道巴山路8号")
    assert residence_in_county_since(again) == datetime.date(2025, 6, 2)


def test_intake_warns_with_the_eligibility_date_before_anything_is_accepted(staff, clock):
    """R-06b: complete materials on 31 Aug 2026, registered 2 Mar 2026: eligible from 2 Sep 2026."""
    clock("2026-03-02")
    registration = _register(staff.clerk, "610902001", "汉滨区老城街道兴安路2号")
    clock("2026-08-31")
    with pytest.raises(ActionError) as warned:
        _apply(staff.clerk, registration)
    assert warned.value.field == "confirm_not_eligible" and warned.value.status == 409
    assert "2026年09月02日" in warned.value.message and "未满半年" in warned.value.message
    assert not PermitApplication.objects.exists()  # nothing accepted, no receipt number taken
    assert not AuditEntry.objects.filter(action__startswith="application.").exists()
    accepted = _apply(staff.clerk, registration, confirm_not_eligible=True)  # the applicant insists
    assert accepted.status == "accepted"
    entry = AuditEntry.objects.get(action="application.accept")
    assert "2026年09月02日" in entry.detail["warned_not_eligible"]


def test_the_decision_is_judged_on_the_acceptance_date_not_the_day_first_lodged(staff, clock):
    """R-06b: lodged 5 Sep 2025 incomplete, completed and accepted 12 Sep; half year ended 10 Sep."""
    clock("2025-03-10")
    registration = _register(staff.clerk, "610902001", "汉滨区老城街道兴安路2号")
    clock("2025-09-05")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials={"resident_id_card": "", "photo": ""},
    )
    assert application.status == "incomplete"
    clock("2025-09-12")
    application = supplement_materials(
        acting_user=staff.clerk,
        application_id=application.pk,
        materials={"residence_address_proof": "房东", "employment_proof": "某公司"},
    )
    assert application.accepted_on == datetime.date(2025, 9, 12)
    set_person_photo(acting_user=staff.clerk, person_id=registration.person_id, data=photo_bytes())
    permit = decide_application(acting_user=staff.issuer, application_id=application.pk, approve=True)
    assert permit.number


def test_the_endorsement_window_ends_on_the_working_day_after_a_holiday_anniversary(staff, clock):
    """R-11a: anniversary 1 Oct 2025 (holidays 1-8 Oct): not suspended until 10 Oct, endorsement on 9 Oct on time."""
    permit = issued_permit(staff, clock, registered_on="2024-03-01", applied_on="2024-10-01")
    assert permit.next_anniversary == datetime.date(2025, 10, 1)
    for day in ("2025-10-02", "2025-10-09"):
        clock(day)
        run_daily(datetime.date.fromisoformat(day))
        permit.refresh_from_db()
        assert permit.status == "valid", day
    assert permits_in_window(type(permit).objects.all(), datetime.date(2025, 10, 9)).filter(pk=permit.pk).exists()
    texts = list(
        Notification.objects.filter(dedupe_key__startswith=f"endorse:{permit.pk}:").values_list("text", flat=True)
    )
    assert any("2025年10月09日" in t for t in texts), texts
    clock("2025-10-09")
    endorsement = endorse_permit(acting_user=staff.clerk, permit_id=permit.pk)
    assert not endorsement.late and endorsement.anniversary == datetime.date(2025, 10, 1)


def test_the_permit_is_suspended_only_from_the_day_after_the_moved_window_end(staff, clock):
    permit = issued_permit(staff, clock, registered_on="2024-03-01", applied_on="2024-10-01")
    clock("2025-10-10")
    run_daily(datetime.date(2025, 10, 10))
    permit.refresh_from_db()
    assert permit.status == "suspended" and permit.suspended_since == datetime.date(2025, 10, 10)


def test_a_hong_kong_number_is_outside_the_measure_whatever_else_is_missing(staff, clock):
    """R-02a: region 810000, no hukou code, no name: answered with Art 2 para 3 and the national procedure."""
    clock("2026-11-27")
    with pytest.raises(RuleRefusal) as refused:
        register_residence(
            acting_user=staff.clerk,
            person=person_data(
                id_number=HONG_KONG, hukou_division="", name="", hukou_address="", id_type="hmt_residence_permit"
            ),
            residence=residence_data(),
        )
    message = refused.value.message
    assert "第二条第三款" in message and "港澳台居民居住证" in message and "流动人口" in message
    assert "属于流动人口" not in message
    assert any("第二条" in c for c in refused.value.decision.citations)
    assert not Person.objects.exists() and not Registration.objects.exists()
    entry = AuditEntry.objects.get(action="registration.refused")
    assert entry.detail["id_type"] == "hmt_residence_permit" and entry.detail["person_kind"] == "hong_kong"


def test_a_foreigner_with_a_passport_is_told_the_exit_entry_procedure(staff, clock):
    clock("2026-11-27")
    with pytest.raises(RuleRefusal) as refused:
        register_residence(
            acting_user=staff.clerk,
            person=person_data(id_number="E12345678", id_type="foreign_travel_document"),
            residence=residence_data(),
        )
    assert "出境入境管理法" in refused.value.message and "第三十九条" in refused.value.message
    assert not Person.objects.exists()


def test_the_document_type_is_recorded_on_the_person(staff, clock):
    clock("2026-11-27")
    registration = register_residence(
        acting_user=staff.clerk, person=person_data(id_type="driving_licence"), residence=residence_data()
    )
    assert registration.person.id_type == "driving_licence"
    assert registration.person.get_id_type_display() == "机动车驾驶证"
