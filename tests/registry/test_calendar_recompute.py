"""R-09a: entering a year's official calendar recomputes the open cases that counted through it."""

import datetime

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.registry.actions import enter_calendar_year, receive_application, register_residence
from juzhu.registry.jobs.daily import run_daily
from juzhu.registry.models import DeadlineFlag
from tests.factories import person_data, residence_data

from .flows import COMPLETE_FOR_EMPLOYMENT, registered

pytestmark = pytest.mark.django_db

# An imagined 2027 notice: Spring Festival 5-13 Feb off (除夕 Fri 5 Feb), Sunday 14 Feb worked.
SPRING_2027 = dict(
    year=2027,
    source="国务院办公厅关于2027年部分节假日安排的通知（测试）",
    holidays={f"2027-02-{d:02d}": "春节" for d in range(5, 14)},
    workdays={"2027-02-14": "春节调休"},
)


def _accepted_on_3_february(staff, clock):
    clock("2026-08-03")
    registration = registered(staff)
    clock("2027-02-03")  # Wed; provisional 2027: 4 Feb, then 除夕-初三 (5-8 Feb) off, 9 and 10 Feb
    return receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )


def test_the_2027_02_03_acceptance_moves_to_the_official_date(staff, clock):
    application = _accepted_on_3_february(staff, clock)
    assert application.provisional and application.due_date == datetime.date(2027, 2, 10)
    old_limit = application.extension_limit

    entry = enter_calendar_year(acting_user=staff.admin, **SPRING_2027)

    application.refresh_from_db()
    assert not application.provisional
    assert application.due_date == datetime.date(2027, 2, 15)  # 4 Feb, Sunday 14 Feb (调休), Mon 15 Feb
    assert application.extension_limit == datetime.date(2027, 2, 18)  # 15th day Thu 18 Feb is a working day
    assert entry.recomputed.applications == [
        {
            "id": application.pk,
            "receipt": application.receipt_number,
            "due_date": ["2027-02-10", "2027-02-15"],
            "extension_limit": [old_limit.isoformat(), "2027-02-18"],
            "provisional": [True, False],
        }
    ]
    one = AuditEntry.objects.get(action="application.recompute", object_id=str(application.pk))
    assert one.person_id == application.person_id and one.detail["due_date"] == ["2027-02-10", "2027-02-15"]
    summary = AuditEntry.objects.get(action="calendar.enter").detail["recomputed"]
    assert summary["counts"]["applications"] == 1 and summary["applications"][0]["id"] == application.pk


def test_a_flag_raised_on_the_provisional_date_is_withdrawn_not_deleted(staff, clock):
    application = _accepted_on_3_february(staff, clock)
    assert run_daily(datetime.date(2027, 2, 11)).counts["deadlines_flagged"] == 1  # 10 Feb "missed"
    clock("2027-02-11")

    entry = enter_calendar_year(acting_user=staff.admin, **SPRING_2027)

    flag = DeadlineFlag.objects.get(object_id=application.pk)  # still there, in history
    assert flag.withdrawn_on == datetime.date(2027, 2, 11) and "2027年02月15日" in flag.withdrawal_reason
    assert entry.recomputed.flags_withdrawn[0]["flag"] == flag.pk
    assert AuditEntry.objects.filter(action="flag.withdraw", object_id=str(flag.pk)).count() == 1
    # The official deadline is not missed again until it passes; then a new flag, once.
    assert run_daily(datetime.date(2027, 2, 15)).counts["deadlines_flagged"] == 0
    assert run_daily(datetime.date(2027, 2, 16)).counts["deadlines_flagged"] == 1
    assert run_daily(datetime.date(2027, 2, 17)).counts["deadlines_flagged"] == 0
    open_flag = DeadlineFlag.objects.get(object_id=application.pk, withdrawn_on__isnull=True)
    assert open_flag.due_date == datetime.date(2027, 2, 15)


def test_a_registration_marked_late_on_the_provisional_calendar_is_not_late(staff, clock):
    clock("2027-02-11")
    registration = register_residence(
        acting_user=staff.clerk,
        person=person_data(id_number="610113198503150033", name="李强"),
        residence=residence_data(arrival_date=datetime.date(2027, 2, 1)),
    )
    # Provisional: 2, 3, 4, 9, 10 Feb; declared on the 11th: late.
    assert registration.late and registration.due_date == datetime.date(2027, 2, 10) and registration.provisional

    entry = enter_calendar_year(acting_user=staff.admin, **SPRING_2027)

    registration.refresh_from_db()
    assert registration.due_date == datetime.date(2027, 2, 15)  # 2, 3, 4, 14, 15 Feb
    assert not registration.late and not registration.provisional
    assert registration.decision["registration_duty"]["due_date"] == "2027-02-15"
    assert entry.recomputed.registrations[0]["late"] == [True, False]


def test_a_correction_of_an_official_year_recomputes_too(staff, clock):
    application = _accepted_on_3_february(staff, clock)
    enter_calendar_year(acting_user=staff.admin, **SPRING_2027)
    corrected = {**SPRING_2027, "workdays": {}, "holidays": {**SPRING_2027["holidays"], "2027-02-15": "春节"}}

    entry = enter_calendar_year(acting_user=staff.admin, **corrected)

    application.refresh_from_db()
    assert application.due_date == datetime.date(2027, 2, 17)  # 4 Feb, 16, 17 Feb
    assert entry.recomputed.applications[0]["due_date"] == ["2027-02-15", "2027-02-17"]
    assert AuditEntry.objects.filter(action="calendar.correct").count() == 1


def test_an_entry_that_changes_no_day_moves_nothing_but_the_provisional_mark(staff, clock):
    clock("2026-08-03")
    registration = registered(staff)
    clock("2027-03-01")  # Mon: 2, 3, 4 March, no holiday near
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    assert application.provisional
    entry = enter_calendar_year(acting_user=staff.admin, **SPRING_2027)
    application.refresh_from_db()
    assert application.due_date == datetime.date(2027, 3, 4) and not application.provisional
    assert entry.recomputed.applications[0]["due_date"] == ["2027-03-04", "2027-03-04"]


def _window_end_moves_off_rest_days():
    """R-11a (engineer `law`): the endorsement window's end depends on the calendar."""
    from juzhu.rules.determinations import endorsement

    return hasattr(endorsement, "window_end")


def test_a_suspension_on_the_provisional_calendar_is_lifted_when_the_window_ends_later(staff, clock):
    if not _window_end_moves_off_rest_days():
        pytest.skip("needs R-11a: the window's end moved off rest days")
    from .flows import issued_permit

    permit = issued_permit(staff, clock, registered_on="2025-08-01", applied_on="2026-02-06")  # anniversary Sat 6 Feb
    run_daily(datetime.date(2027, 2, 10))  # provisional: 5-8 Feb off, window ended Tue 9 Feb
    permit.refresh_from_db()
    assert permit.status == "suspended"
    clock("2027-02-11")
    entry = enter_calendar_year(acting_user=staff.admin, **SPRING_2027)  # officially off to 13 Feb
    permit.refresh_from_db()
    assert permit.status == "valid" and permit.suspended_since is None
    assert entry.recomputed.permits[0]["status"] == ["suspended", "valid"]


def test_a_suspension_the_official_calendar_confirms_stays(staff, clock):
    from .flows import issued_permit

    permit = issued_permit(staff, clock, registered_on="2025-08-01", applied_on="2026-02-02")  # anniversary Tue 2 Feb
    run_daily(datetime.date(2027, 2, 10))
    permit.refresh_from_db()
    assert permit.status == "suspended"
    before = permit.suspended_since
    clock("2027-02-11")
    entry = enter_calendar_year(acting_user=staff.admin, **SPRING_2027)
    permit.refresh_from_db()
    assert (permit.status, permit.suspended_since) == ("suspended", before) and entry.recomputed.permits == []


def test_the_same_entry_again_moves_nothing_and_writes_nothing(staff, clock):
    _accepted_on_3_february(staff, clock)
    enter_calendar_year(acting_user=staff.admin, **SPRING_2027)
    again = enter_calendar_year(acting_user=staff.admin, **SPRING_2027)
    assert again.recomputed.applications == []
    assert AuditEntry.objects.filter(action__startswith="calendar.").count() == 1
