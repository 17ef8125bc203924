"""An administrator's calendar entry makes a provisional year official for every deadline."""

import datetime

import pytest

from juzhu.registry.actions import ActionError, enter_calendar_year, receive_application, withdraw_application
from juzhu.registry.actions.common import PermissionDenied

from .flows import COMPLETE_FOR_EMPLOYMENT, registered

pytestmark = pytest.mark.django_db

NOTICE_2027 = dict(  # an imagined 2027 notice: New Year 1-4 Jan off, Saturday 9 Jan worked
    year=2027,
    source="国务院办公厅关于2027年部分节假日安排的通知（测试）",
    holidays={"2027-01-01": "元旦", "2027-01-02": "元旦", "2027-01-03": "元旦", "2027-01-04": "元旦"},
    workdays={"2027-01-09": "元旦调休"},
)


def test_only_the_city_administrator_enters_a_year(staff):
    with pytest.raises(PermissionDenied):
        enter_calendar_year(acting_user=staff.clerk, **NOTICE_2027)
    with pytest.raises(ActionError) as bad:
        enter_calendar_year(acting_user=staff.admin, **{**NOTICE_2027, "workdays": {"2027-01-05": "x"}})
    assert bad.value.field == "holidays" and "本来就是工作日" in bad.value.message


def test_a_deadline_running_into_2027_stops_being_provisional_once_the_year_is_entered(staff, clock):
    clock("2026-06-01")
    registration = registered(staff)
    clock("2026-12-30")  # Wed: 31 Dec, then 2027
    before = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    assert before.provisional and before.due_date == datetime.date(2027, 1, 5)  # 31 Dec, 4, 5 Jan
    withdraw_application(acting_user=staff.clerk, application_id=before.pk, reason="重新受理")
    enter_calendar_year(acting_user=staff.admin, **NOTICE_2027)
    after = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    assert not after.provisional and after.due_date == datetime.date(2027, 1, 6)  # 31 Dec, 5, 6 Jan
