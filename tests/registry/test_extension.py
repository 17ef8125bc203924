"""An extension is decided on the day it is given: never backdated, never after the limit (Art 12, R-09)."""

import datetime

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.registry.actions import ActionError, extend_issuance, receive_application

from .flows import COMPLETE_FOR_EMPLOYMENT, registered

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(staff, clock):
    clock("2025-06-02")
    registration = registered(staff)
    clock("2025-09-26")  # due Tue 30 Sep; limit Sat 11 Oct (an adjusted working day)
    return receive_application(
        acting_user=staff.clerk,
        registration_id=registration.pk,
        condition="employment",
        materials=COMPLETE_FOR_EMPLOYMENT,
        confirm_not_eligible=True,
    )  # the date is what matters here (R-06b)


def test_an_extension_to_a_day_already_past_is_refused(staff, clock, accepted):
    clock("2025-10-09")
    with pytest.raises(ActionError) as backdated:
        extend_issuance(
            acting_user=staff.issuer,
            application_id=accepted.pk,
            until=datetime.date(2025, 10, 8),
            reason="偏远山区，交通不便",
        )
    assert backdated.value.field == "until" and "不能早于今日 2025-10-09" in backdated.value.message
    extended = extend_issuance(
        acting_user=staff.issuer,
        application_id=accepted.pk,
        until=datetime.date(2025, 10, 9),
        reason="偏远山区，交通不便",
    )
    assert extended.effective_due_date == datetime.date(2025, 10, 9)


def test_no_extension_once_the_limit_has_passed(staff, clock, accepted):
    clock("2025-10-12")  # the day after the limit
    with pytest.raises(ActionError) as late:
        extend_issuance(
            acting_user=staff.issuer,
            application_id=accepted.pk,
            until=datetime.date(2025, 10, 11),
            reason="偏远山区，交通不便",
        )
    assert late.value.field == "until" and "上限 2025-10-11 已过" in late.value.message
    assert not AuditEntry.objects.filter(action="application.extend").exists()


def test_the_api_refuses_a_backdated_extension_through_the_action(staff, clock, accepted):
    from juzhu.api.tokens import create_token
    from tests.api.conftest import ApiClient

    clock("2025-10-12")
    answer = ApiClient(create_token(staff.issuer, "tests")).post(
        f"/applications/{accepted.pk}/extension", {"until": "2025-10-10", "reason": "偏远山区"}
    )
    assert answer.status_code == 400 and answer.json()["field"] == "until"
    assert "已过" in answer.json()["message"]


def test_the_office_offers_no_extension_form_after_the_limit_and_says_why(staff, clock, accepted):
    from tests.factories import office_client

    issuer = office_client(staff.issuer)
    issuer.post(f"/persons/{accepted.person_id}/purpose/", {"purpose": "审批"})
    clock("2025-10-11")
    assert 'value="extension"' in issuer.get(f"/applications/{accepted.pk}/").content.decode()
    clock("2025-10-12")
    page = issuer.get(f"/applications/{accepted.pk}/").content.decode()
    assert 'value="extension"' not in page
    assert "上限 2025-10-11 已过" in page
