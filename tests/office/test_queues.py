"""Workbench queues: every item reachable (paged), most urgent first, filtered; totals shown.

The issuer's 已受理待审批 showed 20 of 47 with no way to the rest.
"""

import datetime
import re

import pytest

from juzhu.registry.actions import receive_application, register_residence
from juzhu.registry.models import PermitApplication
from juzhu.rules.id_number import check_character
from tests.factories import office_client, person_data, residence_data

pytestmark = pytest.mark.django_db

MATERIALS = {
    "employment": {"resident_id_card": "", "photo": "", "residence_address_proof": "房东", "employment_proof": "公司"},
    "study": {"resident_id_card": "", "photo": "", "residence_address_proof": "房东", "study_proof": "学校"},
}
# Laocheng station (clerk) and Xincheng station (other_clerk), both in Hanbin district.
STATIONS = {"AK-610902-PS01": ("clerk", "610902001"), "AK-610902-PS02": ("other_clerk", "610902002")}
ACCEPTED_ON = ["2025-12-02", "2025-12-03", "2025-12-04", "2025-12-05", "2025-12-08"]


def id_number(index: int) -> str:
    birth = datetime.date(1990, 1, 1) + datetime.timedelta(days=index)
    first17 = f"610113{birth:%Y%m%d}{index % 1000:03d}"
    return first17 + check_character(first17)


@pytest.fixture
def waiting(staff, clock):
    """32 accepted applications: 20 at Laocheng, 12 at Xincheng; a third for study; accepted over a week."""
    clock("2025-06-02")
    registrations = []
    for index in range(32):
        station = "AK-610902-PS01" if index < 20 else "AK-610902-PS02"
        user, town = STATIONS[station]
        registrations.append((getattr(staff, user), register_residence(
            acting_user=getattr(staff, user), person=person_data(id_number=id_number(index), name=f"申请人{index:02d}"),
            residence=residence_data(town=town, arrival_date=datetime.date(2025, 5, 30)))))
    for index, (user, registration) in enumerate(registrations):
        clock(ACCEPTED_ON[index % len(ACCEPTED_ON)])
        condition = "study" if index % 3 == 0 else "employment"
        receive_application(acting_user=user, registration_id=registration.pk, condition=condition,
                            materials=MATERIALS[condition])
    clock("2025-12-10")
    return PermitApplication.objects.filter(status="accepted")


def names(page: str) -> list[str]:
    return re.findall(r">(申请人\d\d)</a>", page)


def dues(page: str) -> list[str]:
    return re.findall(r"个工作日）?（(\d{4}-\d\d-\d\d)）|今日到期（(\d{4}-\d\d-\d\d)）", page)


def test_every_item_of_a_long_queue_is_reachable_page_by_page_most_urgent_first(staff, waiting):
    issuer = office_client(staff.issuer)
    workbench = issuer.get("/").content.decode()
    decide = workbench[workbench.index('data-queue="decide"'):]
    assert '<span class="count">32</span>' in decide and "查看全部 32 条" in decide
    assert len(names(decide.split("</section>")[0])) == 10

    first = issuer.get("/queues/decide/").content.decode()
    assert 'data-testid="queue-total">32<' in first and "第 1 / 2 页" in first
    assert len(names(first)) == 25
    last_link = re.search(r'href="\?page=(\d+)">末页', first)
    assert last_link and last_link.group(1) == "2"
    second = issuer.get("/queues/decide/", {"page": 2}).content.decode()
    assert len(names(second)) == 7 and "下一页" not in second
    assert sorted(names(first) + names(second)) == sorted(f"申请人{i:02d}" for i in range(32))

    due_dates = [a.effective_due_date for a in waiting]
    shown = [d for pair in dues(first) + dues(second) for d in pair if d]
    assert shown == sorted(d.isoformat() for d in due_dates)  # overdue first, then the soonest due
    assert re.search(r'<ol start="1">\s*<li class="overdue">', first)  # marked in red
    assert re.search(r'<ol start="26">\s*<li class="">', second) and "还剩 1 个工作日" in second


def test_a_queue_filters_by_station_condition_and_overdue(staff, waiting):
    issuer = office_client(staff.issuer)
    xincheng = issuer.get("/queues/decide/", {"station": "AK-610902-PS02"}).content.decode()
    assert 'data-testid="queue-total">12<' in xincheng and "已筛选" in xincheng
    assert set(names(xincheng)) == {f"申请人{i:02d}" for i in range(20, 32)}
    study = issuer.get("/queues/decide/", {"condition": "study"}).content.decode()
    assert set(names(study)) == {f"申请人{i:02d}" for i in range(32) if i % 3 == 0}
    overdue = issuer.get("/queues/decide/", {"overdue": "on"}).content.decode()
    late = {a.person.name for a in waiting if a.effective_due_date < datetime.date(2025, 12, 10)}
    assert late and set(names(overdue)) == late and "还剩" not in overdue
    both = issuer.get("/queues/decide/", {"station": "AK-610902-PS01", "condition": "study", "page": 1})
    assert set(names(both.content.decode())) == {f"申请人{i:02d}" for i in range(20) if i % 3 == 0}


def test_a_station_sees_its_own_queue_without_a_station_choice_and_others_get_404(staff, waiting):
    clerk = office_client(staff.other_clerk)
    page = clerk.get("/queues/decide/").content.decode()
    assert 'data-testid="queue-total">12<' in page and 'name="station"' not in page
    assert 'name="condition"' in page and 'name="overdue"' in page
    assert office_client(staff.supervisor).get("/queues/decide/").status_code == 404
    assert clerk.get("/queues/nonsense/").status_code == 404
    assert clerk.get("/queues/decide/", {"page": "x"}).status_code == 200  # a bad page number shows page 1
