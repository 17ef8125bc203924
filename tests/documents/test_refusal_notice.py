"""不予批准通知书: its own number, found like the others; the remedies with body and time limit;
dates written 年月日 (issue 7)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from juzhu.documents import render
from juzhu.documents.lookup import find_document
from juzhu.registry.actions import decide_application, receive_application
from tests.factories import office_client
from tests.registry.flows import COMPLETE_FOR_EMPLOYMENT, registered

from .conftest import inspect_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(staff, clock):
    clock("2026-03-02")
    registration = registered(staff)
    clock("2026-04-01")  # less than half a year after registering (Art 10)
    application = receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
        confirm_not_eligible=True,
    )  # warned, the applicant insisted (R-06b)
    clock("2026-04-02")
    return decide_application(
        acting_user=staff.issuer,
        application_id=application.pk,
        approve=False,
        reasons="一、就业证明经核查不实。\n二、申领时居住未满半年。",
    )


def test_the_refusal_notice_has_its_own_number_in_a_series_of_its_own(refused, staff, clock):
    number = refused.refusal["number"]
    assert number == "BP6109022026000001" and number != refused.receipt_number
    found = find_document(number, user=staff.issuer)
    assert found.record == refused and found.kind.slug == "refusal"
    assert find_document(number, user=staff.xunyang_clerk) is None  # another county: like absent
    answer = office_client(staff.issuer).get(reverse("documents:find"), {"number": number})
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "documents:download", args=["refusal", refused.pk]
    )


def test_the_notice_names_the_remedies_their_body_and_time_limits_and_writes_dates_in_chinese(refused):
    doc = inspect_pdf(render.refusal_notice(refused), "refusal-remedies")
    doc.has(
        "通知书编号",
        refused.refusal["number"],
        "自收到本通知书之日起60日内向安康市汉滨区人民政府申请行政复议",
        "《中华人民共和国行政复议法》第二十条",
        "自收到本通知书之日起6个月内依法向人民法院提起行政诉讼",
        "《中华人民共和国行政诉讼法》第四十六条",
        "一、就业证明经核查不实。",
        "二、申领时居住未满半年。",
    )
    assert not re.search(r"\d{4}-\d{2}-\d{2}", doc.text), "an ISO date in the notice"
    assert "2026年3月2日" in doc.text  # the registration date inside a rules' reason, written 年月日
