"""Requests the server cannot or will not read: a Chinese 4xx, never a 500 (issue 8, finding 4)."""

import json

import pytest
from django.conf import settings

from .conftest import API, registration_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(staff, clock, as_user):
    return as_user(staff.clerk)


def too_big() -> str:
    return "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024)


def chinese(response) -> str:
    message = response.json()["message"]
    assert any("\u4e00" <= c <= "\u9fff" for c in message), message
    return message


def test_a_body_over_the_limit_is_413_in_chinese(clerk):
    body = registration_body()
    body["residence"]["address"] = too_big()
    response = clerk.post("/registrations", body)
    assert response.status_code == 413
    assert "MB" in chinese(response)


@pytest.mark.parametrize("path", ["/persons/1/photo", "/registrations"])
def test_multipart_without_a_boundary_is_400_in_chinese(clerk, path):
    response = clerk.client.post(API + path, b"--x\r\n", content_type="multipart/form-data", headers=clerk.headers)
    assert response.status_code == 400
    chinese(response)


def test_a_body_that_is_not_json_is_400_whatever_the_content_type(clerk):
    response = clerk.client.post(
        API + "/registrations", "a=b", content_type="application/x-www-form-urlencoded", headers=clerk.headers
    )
    assert response.status_code in (400, 415, 422)
    chinese(response)


def test_an_unknown_question_is_echoed_only_as_a_short_prefix(clerk):
    question = "q" * 100_000
    response = clerk.post("/rules/evaluate", {"question": question})
    assert response.status_code == 200
    assert len(response.content) < 2000
    assert "q" * 41 not in response.content.decode()
    assert "…" in response.json()["reasons"][0]


@pytest.mark.parametrize("query", ["张\x00丽", "\x00\x00"])
def test_a_nul_character_in_a_search_is_a_400_naming_the_field(clerk, query):
    response = clerk.get("/persons", q=query)
    assert response.status_code in (400, 422)
    chinese(response)


def test_a_nul_character_in_a_purpose_is_refused(clerk):
    response = clerk.get("/persons/1", purpose="核查\x00")
    assert response.status_code in (400, 404, 422)
    chinese(response)


def test_invalid_utf8_in_the_query_string_is_not_a_500(clerk):
    response = clerk.client.get(API + "/persons?q=%FF%FE%00", headers=clerk.headers)
    assert response.status_code in (400, 422)
    chinese(response)


@pytest.mark.parametrize(
    "path", ["/permits/99999999999999999999999999/endorsements", "/registrations/-1/cancel", "/permits/1e5/cards"]
)
def test_a_huge_or_odd_id_in_a_write_path_is_4xx(clerk, path):
    response = clerk.post(path, {"kind": "reissue", "reason": "离开"})
    assert 400 <= response.status_code < 500
    chinese(response)


def test_a_nul_character_in_a_json_string_is_refused_by_field(clerk):
    body = registration_body()
    body["person"]["name"] = "张\u0000丽"
    response = clerk.post("/registrations", body)
    assert response.status_code in (400, 422)
    assert response.json()["field"] == "name"


def test_a_huge_integer_in_a_json_body_is_4xx(clerk):
    raw = json.dumps({"question": "id_number", "value": 1}).replace("1", "1" + "0" * 5000)
    response = clerk.post("/rules/evaluate", raw=raw)
    assert 400 <= response.status_code < 500
    chinese(response)


def test_an_oversized_photo_upload_is_413_in_chinese(clerk):
    response = clerk.client.post(
        API + "/persons/1/photo", {"file": ("a.jpg", too_big().encode())}, headers=clerk.headers
    )
    assert response.status_code == 413
    chinese(response)


@pytest.mark.parametrize(
    "body",
    [
        {"source": "国办发\u0000", "holidays": {}, "workdays": {}},
        {"source": "国办发明电〔2030〕1号", "holidays": {"2031-01-01\u0000": "元旦"}, "workdays": {}},
        {"source": "国办发明电〔2030〕1号", "holidays": {"2031-01-01": "元\u0000旦"}, "workdays": {}},
    ],
)
def test_a_nul_character_in_a_calendar_entry_is_4xx(staff, as_user, body):
    admin = as_user(staff.admin)
    response = admin.client.put(
        API + "/calendar/years/2031", json.dumps(body), content_type="application/json", headers=admin.headers
    )
    assert 400 <= response.status_code < 500
    chinese(response)
