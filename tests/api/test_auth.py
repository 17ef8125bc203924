"""Who may call: API tokens (only their hash is stored), the session with CSRF, and roles."""

import hashlib
import re

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from juzhu.api.tokens import create_token
from juzhu.org.models import ApiToken
from juzhu.registry.models import Registration
from tests.factories import office_client

from .conftest import ApiClient, registration_body

pytestmark = pytest.mark.django_db


def test_without_credentials_every_operation_answers_401_in_chinese(staff):
    anonymous = ApiClient()
    for response in (
        anonymous.get("/me"),
        anonymous.get("/persons", q="张丽"),
        anonymous.post("/registrations", registration_body()),
        anonymous.post("/rules/evaluate", {"question": "id_number", "value": "x"}),
    ):
        assert response.status_code == 401
        assert "令牌" in response.json()["message"] and response.json()["field"] is None
    assert not Registration.objects.exists()


def test_a_token_is_stored_only_as_its_hash_and_identifies_its_user(staff, clock):
    key = create_token(staff.clerk, "窗口终端")
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest() and token.prefix == key[:8]
    assert re.fullmatch(r"[0-9a-f]{64}", key), "a key must never start with '-' (read as a CLI option)"
    assert key not in (token.key_hash, token.name) and token.last_used_at is None

    response = ApiClient(key).get("/me")
    assert response.status_code == 200
    me = response.json()
    assert (me["username"], me["unit"]["code"], me["unit"]["kind"]) == ("clerk_laocheng", "AK-610902-PS01", "station")
    assert [r["code"] for r in me["roles"]] == ["clerk"] and "register_residence" in me["permissions"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_or_unknown_token_or_an_inactive_user_is_refused(staff, clock):
    key = create_token(staff.clerk, "tests")
    ApiToken.objects.update(revoked=True)
    response = ApiClient(key).post("/registrations", registration_body())
    assert response.status_code == 401 and "令牌" in response.json()["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert ApiClient("not-a-key").get("/me").status_code == 401

    key = create_token(staff.clerk, "tests")
    assert ApiClient(key).get("/me").status_code == 200
    staff.clerk.is_active = False
    staff.clerk.save()
    assert ApiClient(key).get("/me").status_code == 401
    assert not Registration.objects.exists()


def test_the_session_works_and_unsafe_methods_need_the_csrf_token(staff, clock):
    browser = office_client(staff.clerk, Client(enforce_csrf_checks=True))
    session = ApiClient(client=browser)
    assert session.get("/me").json()["username"] == "clerk_laocheng"

    response = session.post("/registrations", registration_body())
    assert response.status_code == 403 and "CSRF" in response.json()["message"]
    assert not Registration.objects.exists()

    csrf = get_token(RequestFactory().get("/"))
    browser.cookies["csrftoken"] = csrf
    session.headers = {"X-CSRFToken": csrf}
    assert session.post("/registrations", registration_body()).status_code == 201


def test_an_issuer_may_not_register_and_a_department_officer_may_not_search(staff, clock, as_user):
    response = as_user(staff.issuer).post("/registrations", registration_body())
    assert response.status_code == 403
    assert response.json() == {"message": "您的角色无权办理此项业务", "field": None}
    assert not Registration.objects.exists()
    assert as_user(staff.officer).get("/persons", q="张丽").status_code == 403


def test_a_clerk_may_not_register_in_another_stations_town(staff, clock, as_user):
    from tests.factories import residence_data

    body = registration_body(residence=residence_data(town="610902002"))
    response = as_user(staff.clerk).post("/registrations", body)
    assert response.status_code == 403 and response.json()["field"] == "town"
    assert not Registration.objects.exists()


def test_tokens_are_created_listed_and_revoked_by_command(staff, capsys):
    from django.core.management import call_command

    call_command("token", "create", staff.clerk.username, "窗口终端")
    key = capsys.readouterr().out.strip()
    assert ApiClient(key).get("/me").status_code == 200
    call_command("token", "list", staff.clerk.username)
    assert key[:8] in capsys.readouterr().out
    call_command("token", "revoke", key[:8])
    assert ApiClient(key).get("/me").status_code == 401
