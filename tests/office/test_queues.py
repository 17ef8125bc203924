"""Workbench queues: every item reachable (paged), most urgent first, filtered; totals shown.

The issuer's 已受理待审批 showed 20 of 47 with no way to the rest.
"""

import datetime
import re

import pytest

from tests.factories import office_client
from tests.registry.flows import applicant_name, many_accepted_applications

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(staff, clock):
    return many_accepted_applications(staff, clock)


def names(page: str) -> list[str]:
    return re.findall(r">(申请人[〇一二三四五六七八九]{2})</a>", page)


def dues(page: str) -> list[str]:
    return re.findall(r"个工作日）?（(\d{4}-\d\d-\d\d)）|今日到期（(\d{4}-\d\d-\d\d)）", page)


def test_every_item_of_a_long_queue_is_reachable_page_by_page_most_urgent_first(staff, waiting):
    issuer = office_client(staff.issuer)
    workbench = issuer.get("/").content.decode()
    decide = workbench[workbench.index('data-queue="decide"') :]
    assert '<span class="count">32</span>' in decide and "查看全部 32 条" in decide
    assert len(names(decide.split("</section>")[0])) == 10

    first = issuer.get("/queues/decide/").content.decode()
    assert 'data-testid="queue-total">32<' in first and "第 1 / 2 页" in first
    assert len(names(first)) == 25
    last_link = re.search(r'href="\?page=(\d+)">末页', first)
    assert last_link and last_link.group(1) == "2"
    second = issuer.get("/queues/decide/", {"page": 2}).content.decode()
    assert len(names(second)) == 7 and "下一页" not in second
    assert sorted(names(first) + names(second)) == sorted(applicant_name(i) for i in range(32))

    due_dates = [a.effective_due_date for a in waiting]
    shown = [d for pair in dues(first) + dues(second) for d in pair if d]
    assert shown == sorted(d.isoformat() for d in due_dates)  # overdue first, then the soonest due
    assert re.search(r'<ol start="1">\s*<li class="overdue">', first)  # marked in red
    assert re.search(r'<ol start="26">\s*<li class="">', second) and "还剩 1 个工作日" in second


def test_a_queue_filters_by_station_condition_and_overdue(staff, waiting):
    issuer = office_client(staff.issuer)
    xincheng = issuer.get("/queues/decide/", {"station": "AK-610902-PS02"}).content.decode()
    assert 'data-testid="queue-total">12<' in xincheng and "已筛选" in xincheng
    assert set(names(xincheng)) == {applicant_name(i) for i in range(20, 32)}
    study = issuer.get("/queues/decide/", {"condition": "study"}).content.decode()
    assert set(names(study)) == {applicant_name(i) for i in range(32) if i % 3 == 0}
    overdue = issuer.get("/queues/decide/", {"overdue": "on"}).content.decode()
    late = {a.person.name for a in waiting if a.effective_due_date < datetime.date(2025, 12, 10)}
    assert late and set(names(overdue)) == late and "还剩" not in overdue
    both = issuer.get("/queues/decide/", {"station": "AK-610902-PS01", "condition": "study", "page": 1})
    assert set(names(both.content.decode())) == {applicant_name(i) for i in range(20) if i % 3 == 0}


def test_a_station_sees_its_own_queue_without_a_station_choice_and_others_are_refused(staff, waiting):
    clerk = office_client(staff.other_clerk)
    page = clerk.get("/queues/decide/").content.decode()
    assert 'data-testid="queue-total">12<' in page and 'name="station"' not in page
    assert 'name="condition"' in page and 'name="overdue"' in page
    assert office_client(staff.supervisor).get("/queues/decide/").status_code == 403  # no such work for the role
    assert clerk.get("/queues/nonsense/").status_code == 404
    assert clerk.get("/queues/decide/", {"page": "x"}).status_code == 200  # a bad page number shows page 1
