"""The administrator's pages for R-09a and R-25a: what an entry moved, the end-of-validity
warning on every page, and parameter values entered as data."""

import datetime

import pytest
from django.urls import reverse

from juzhu.registry.actions import receive_application
from juzhu.registry.models import ParameterValue
from tests.factories import office_client
from tests.registry.flows import COMPLETE_FOR_EMPLOYMENT, registered

pytestmark = pytest.mark.django_db


def test_after_saving_a_year_the_administrator_sees_how_many_cases_moved_and_which(staff, clock):
    clock("2026-08-03")
    registration = registered(staff)
    clock("2027-02-03")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
    )
    admin = office_client(staff.admin)
    holidays = "\n".join(f"2027-02-{d:02d} 春节" for d in range(5, 14))
    response = admin.post(
        reverse("calendar", args=[2027]),
        {
            "source": "国务院办公厅关于2027年部分节假日安排的通知",
            "holidays": holidays,
            "workdays": "2027-02-14 春节调休",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "申领 1 件" in page and application.receipt_number in page
    assert "2027-02-10 → 2027-02-15" in page
    assert "provisional" not in page


def test_administrators_are_warned_on_every_page_from_30_days_before_the_end(staff, clock):
    admin, clerk = office_client(staff.admin), office_client(staff.clerk)
    clock("2026-11-30")  # 31 days before 31 December
    assert 'data-testid="measure-warning"' not in admin.get(reverse("home")).content.decode()
    clock("2026-12-01")
    for url in (reverse("home"), reverse("calendar", args=[2027]), reverse("parameters")):
        page = admin.get(url).content.decode()
        assert 'data-testid="measure-warning"' in page and "2026年12月31日" in page and "第三十条" in page
    assert 'data-testid="measure-warning"' not in clerk.get(reverse("home")).content.decode()
    clock("2027-01-05")
    assert "已于 2026年12月31日 届满" in admin.get(reverse("home")).content.decode()


def test_the_parameter_page_enters_a_successors_value_and_lifts_the_warning(staff, clock):
    clock("2026-12-15")
    admin = office_client(staff.admin)
    assert office_client(staff.clerk).get(reverse("parameters")).status_code == 403
    bad = admin.post(
        reverse("parameters"),
        {
            "name": "permit.issuance_working_days",
            "valid_from": "2027-01-01",
            "value": "十五",
            "reference": "国务院《居住证暂行条例》第十四条",
        },
    )
    assert "正整数" in bad.content.decode() and not ParameterValue.objects.exists()
    page = admin.post(
        reverse("parameters"),
        {
            "name": "measure.valid_until",
            "valid_from": "2027-01-01",
            "value": "2031-12-31",
            "reference": "后续办法第三十条",
        },
        follow=True,
    ).content.decode()
    assert "已录入" in page and ParameterValue.objects.get().valid_from == datetime.date(2027, 1, 1)
    assert 'data-testid="measure-warning"' not in page  # a successor follows the end
    clock("2027-01-05")
    assert 'data-testid="measure-warning"' not in admin.get(reverse("home")).content.decode()
