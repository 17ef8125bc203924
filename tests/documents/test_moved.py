"""A registration that moved (R-27) says so on its certificate, like a cancelled one."""

import pytest

from juzhu.documents import render
from juzhu.documents.texts import cn_date
from juzhu.registry.actions import register_residence
from tests.factories import person_data, residence_data

from .conftest import inspect_pdf

pytestmark = pytest.mark.django_db


def test_the_certificate_of_a_moved_registration_says_it_ended_by_the_move(staff, clock):
    clock("2026-03-02")
    old = register_residence(acting_user=staff.clerk, person=person_data(), residence=residence_data())
    clock("2026-04-01")
    register_residence(
        acting_user=staff.other_clerk,
        person=person_data(),
        move=True,
        residence=residence_data(town="610902002", address="汉滨区新城街道巴山路8号"),
    )
    old.refresh_from_db()
    doc = inspect_pdf(render.registration_certificate(old), "registration-moved")
    doc.has("迁出", f"本登记已于{cn_date(old.cancelled_on)}终止", "在新城街道派出所重新办理居住登记")
