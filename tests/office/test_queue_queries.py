"""The 迁出待知悉 queue (R-27) reads the names the old station knew for its whole page at once.

Each item used to ask for its own person's renaming (names_when_moved per row): one query
more for every registration that moved away. The page now costs the same however many moved.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from juzhu.registry.actions import register_residence
from tests.factories import office_client, person_data, residence_data
from tests.registry.flows import applicant_name, id_number

pytestmark = pytest.mark.django_db

XINCHENG = {"town": "610902002", "address": "汉滨区新城街道巴山路8号"}
RENAMED = "改名后"


def moved_away(staff, indexes: range) -> None:
    """Registered at 老城 (the clerk's station), then moved to 新城; the first one also renamed there."""
    for index in indexes:
        number, name = id_number(index), applicant_name(index)
        register_residence(
            acting_user=staff.clerk, person=person_data(id_number=number, name=name), residence=residence_data()
        )
        renamed = index == indexes.start
        register_residence(
            acting_user=staff.other_clerk,
            person=person_data(id_number=number, name=RENAMED + name if renamed else name),
            residence=residence_data(**XINCHENG),
            move=True,
            identity_reason="已依法变更姓名" if renamed else "",
        )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["home", "queue"])
def test_the_moved_out_queue_costs_the_same_queries_for_two_items_as_for_six(staff, clock, page):
    clock("2026-03-02")
    url = reverse("home") if page == "home" else reverse("queue", args=["moved_out"])
    client = office_client(staff.clerk)
    moved_away(staff, range(0, 2))
    queries(client, url)  # warm: what a first request loads once (the calendar, content types)
    with_two = queries(client, url)
    moved_away(staff, range(2, 6))
    with_six = queries(client, url)
    shown = client.get(url).content.decode().split('data-queue="moved_out"')[1]
    assert all(applicant_name(index) in shown for index in range(6))
    assert RENAMED not in shown  # the name the old station knew, not the one given at the new station
    assert with_six == with_two, f"{with_two} queries with 2 moved, {with_six} with 6"
