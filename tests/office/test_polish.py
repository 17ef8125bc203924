"""Small things a clerk notices (issue 7, polish): the header, the timeline's 经办人, the
calendar's wording, the favicon, namesakes in search, supplied items on the notice."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from juzhu.registry.actions import receive_application, register_residence, supplement_materials
from juzhu.registry.models import PermitApplication
from tests.factories import office_client, person_data, residence_data
from tests.registry.flows import registered

pytestmark = pytest.mark.django_db


def test_the_header_names_the_unit_once_for_the_demo_logins(staff):
    from juzhu.demo.setup import DEMO_LOGINS
    from juzhu.org.staff import create_staff

    for username, unit, role, display_name in DEMO_LOGINS[:3]:
        user = create_staff(
            username, unit_code=unit, role=role, password="a-long-demo-password-1", display_name=display_name
        )
        page = office_client(user).get(reverse("home")).content.decode()
        who = re.search(r'data-testid="who">(.*?)</span>', page).group(1)
        assert who.count(user.unit.name) == 1, who
        assert user.unit.name not in display_name and "街道派出所" not in display_name


def test_the_timeline_names_the_handler_by_name_and_unit_not_login(staff, clock):
    clock("2025-06-02")
    staff.clerk.display_name = "张警官"
    staff.clerk.save()
    registration = registered(staff)
    client = office_client(staff.clerk)
    client.post(f"/persons/{registration.person_id}/purpose/", {"purpose": "窗口办理业务"})
    page = client.get(f"/persons/{registration.person_id}/").content.decode()
    handlers = re.findall(r'data-testid="handler">(.*?)</td>', page)
    assert handlers and handlers[-1] == f"张警官（{staff.clerk.unit.name}）"
    assert staff.clerk.username not in page


def test_the_calendar_page_says_provisional_in_chinese(staff):
    page = office_client(staff.admin).get("/calendar/2027/").content.decode()
    assert "provisional" not in page and "（推算）" in page


def test_the_office_has_a_favicon(staff, client):
    page = office_client(staff.clerk).get(reverse("home")).content.decode()
    assert re.search(r'<link rel="icon" href="/static/office/favicon\.svg"', page)
    assert finders.find("office/favicon.svg")
    answer = client.get("/favicon.ico")
    assert answer.status_code == 301 and answer["Location"] == "/static/office/favicon.svg"


def test_search_results_tell_namesakes_apart_by_birth_year_and_town(staff, clock):
    clock("2025-06-02")
    register_residence(
        acting_user=staff.clerk,
        person=person_data(name="张丽"),
        residence=residence_data(arrival_date=datetime.date(2025, 6, 1)),
    )
    register_residence(
        acting_user=staff.other_clerk,  # Xincheng street's station
        person=person_data(name="张丽", id_number="61011319910715001X", phone="13900000001"),
        residence=residence_data(town="610902002", arrival_date=datetime.date(2025, 6, 1)),
    )
    page = office_client(staff.issuer).get("/search/", {"q": "张丽"}).content.decode()
    rows = re.findall(r"<tr><td>张丽</td>(.*?)</tr>", page, re.S)
    assert len(rows) == 2
    assert "1990" in rows[0] + rows[1] and "1991" in rows[0] + rows[1]
    assert any("老城街道" in row for row in rows) and any("新城街道" in row for row in rows)


def test_items_supplied_after_the_notice_are_marked_as_such(staff, clock):
    clock("2025-06-02")
    registration = registered(staff)
    clock("2025-12-02")
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials={"resident_id_card": "", "photo": ""},
    )
    clock("2025-12-04")
    supplement_materials(
        acting_user=staff.clerk,
        application_id=application.pk,
        materials={"employment_proof": "某公司", "residence_address_proof": "房东"},
    )
    assert PermitApplication.objects.get().status == PermitApplication.Status.ACCEPTED
    client = office_client(staff.clerk)
    client.post(f"/persons/{registration.person_id}/purpose/", {"purpose": "窗口办理业务"})
    page = client.get(f"/applications/{application.pk}/").content.decode()
    notice = page[page.index('class="notice"') :]
    assert notice.count("已补正（2025年12月4日）") == 2
