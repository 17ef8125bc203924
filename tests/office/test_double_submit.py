"""An office form sent twice (a double click) is done once (issue 8, finding 3).

Every page loads office/once.js, which puts a one-time ``form_token`` in each POST form;
the server answers a second request with the same token with the first one's answer.
Without the token (no JavaScript), the action itself refuses the duplicate in Chinese.
"""

import pytest

from juzhu.registry.models import IdempotencyRecord, Registration
from tests.factories import office_client

from .test_office import NEWCOMER

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(staff, clock):
    clock("2025-06-02")
    return office_client(staff.clerk)


def test_every_page_loads_the_send_once_script(client):
    assert "office/once.js" in client.get("/registrations/new/").content.decode()


def test_the_same_form_token_twice_registers_once_and_answers_the_same(client):
    first = client.post("/registrations/new/", {**NEWCOMER, "form_token": "a1b2c3"})
    second = client.post("/registrations/new/", {**NEWCOMER, "form_token": "a1b2c3"})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] and second["Idempotent-Replayed"] == "true"
    assert Registration.objects.count() == 1 and IdempotencyRecord.objects.count() == 1


def test_without_a_token_the_second_registration_is_refused_in_chinese(client):
    assert client.post("/registrations/new/", NEWCOMER).status_code == 302
    second = client.post("/registrations/new/", NEWCOMER)
    assert "请勿重复提交" in second.content.decode()
    assert Registration.objects.count() == 1


def test_the_same_token_with_other_content_asks_to_reload(client):
    client.post("/registrations/new/", {**NEWCOMER, "form_token": "t-1"})
    changed = client.post(
        "/registrations/new/", {**NEWCOMER, "address": "汉滨区老城街道兴安路3号", "form_token": "t-1"}
    )
    assert changed.status_code == 409 and "刷新页面" in changed.content.decode()
    assert Registration.objects.count() == 1
