"""Bad input: a 4xx JSON answer in Chinese naming the field, and nothing written."""

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.notify.models import Notification
from juzhu.registry.models import ApplicationMaterial, Notice, PermitApplication, Person, Registration

from .conftest import person_data, registration_body

pytestmark = pytest.mark.django_db

TABLES = (Person, Registration, PermitApplication, ApplicationMaterial, Notice, Notification, AuditEntry)


def counts():
    return [model.objects.count() for model in TABLES]


@pytest.fixture
def clerk(staff, clock, as_user):
    return as_user(staff.clerk)


def with_residence(**changes):
    body = registration_body()
    body["residence"].update(changes)
    return body


def test_a_missing_field_is_named(clerk):
    before = counts()
    body = registration_body()
    del body["residence"]["arrival_date"]
    response = clerk.post("/registrations", body)
    assert response.status_code == 422
    answer = response.json()
    assert answer["field"] == "arrival_date" and answer["message"] == "请填写到达居住地日期"
    assert answer["errors"][0]["loc"] == "residence.arrival_date"
    assert counts() == before


@pytest.mark.parametrize("value", ["2026-02-30", "26/02/2026", 20260226, "2026-02-26T00:00:00", None])
def test_a_bad_date_is_named(clerk, value):
    before = counts()
    response = clerk.post("/registrations", with_residence(arrival_date=value))
    assert response.status_code == 422
    answer = response.json()
    assert answer["field"] == "arrival_date" and "到达居住地日期" in answer["message"]
    assert ("YYYY-MM-DD" in answer["message"]) or (answer["message"] == "请填写到达居住地日期")
    assert counts() == before


def test_every_bad_field_is_reported_at_once(clerk):
    body = with_residence(arrival_date="yesterday", reason="holiday")
    body["person"]["ethnicity"] = "99"
    response = clerk.post("/registrations", body)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"arrival_date", "reason", "ethnicity"}
    assert "可选：work（务工）、business（经商）" in response.json()["message"]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ('{"person": {', "不是有效的 JSON"),
        (b'{"person": "\xff"}', "UTF-8"),
    ],
)
def test_a_malformed_body_is_400(clerk, raw, expected):
    before = counts()
    response = clerk.post("/registrations", raw=raw)
    assert response.status_code == 400
    assert expected in response.json()["message"] and response.json()["field"] == "body"
    assert counts() == before


def test_an_empty_or_non_object_body_is_named(clerk):
    assert clerk.post("/registrations").json()["message"] == "请求体必须填写"
    response = clerk.post("/registrations", [1, 2])
    assert response.status_code == 422 and response.json()["field"] == "body"
    assert response.json()["message"] == "请求体应为 JSON 对象"


def test_an_unknown_condition_is_named_and_nothing_is_written(clerk):
    registration = clerk.post("/registrations", registration_body()).json()
    before = counts()
    response = clerk.post(
        "/applications",
        {"registration_id": registration["id"], "condition": "marriage", "materials": [{"code": "photo"}]},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "condition"
    assert response.json()["message"] == (
        "申领条件的取值 marriage 无效，可选：employment（合法稳定就业）、residence（合法稳定住所）、study（连续就读）"
    )
    assert counts() == before


def test_an_unknown_material_rolls_the_whole_intake_back(clerk):
    registration = clerk.post("/registrations", registration_body()).json()
    before = counts()
    response = clerk.post(
        "/applications",
        {
            "registration_id": registration["id"],
            "condition": "employment",
            "materials": [{"code": "photo"}, {"code": "marriage_certificate"}],
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "materials" and "marriage_certificate" in response.json()["message"]
    assert counts() == before


def test_the_measure_refuses_with_reasons_and_citations(clerk):
    before = counts()
    response = clerk.post("/registrations", registration_body(person=person_data(id_number="610113199002280021")))
    assert response.status_code == 422
    answer = response.json()
    assert answer["field"] == "id_number" and "校验码" in answer["message"] and answer["reasons"]
    assert counts() == before

    response = clerk.post("/registrations", registration_body(person=person_data(hukou_division="610902")))
    assert response.status_code == 422
    answer = response.json()
    assert answer["field"] == "hukou_division" and any("第二条" in c for c in answer["citations"])
    # Only the refusal itself is kept, for supervision (Art 27).
    assert counts()[:-1] == before[:-1]
    assert AuditEntry.objects.filter(action="registration.refused").count() == 1


def test_an_arrival_in_the_future_is_refused_by_the_action(clerk):
    before = counts()
    response = clerk.post("/registrations", with_residence(arrival_date="2026-03-03"))
    assert response.status_code == 400
    assert response.json() == {"message": "到达居住地日期不能晚于 2026-03-02", "field": "arrival_date"}
    assert counts() == before


@pytest.mark.parametrize(
    "changes, field, text",
    [
        ({"address": "x" * 201}, "address", "不能超过 200"),
        ({"address": "兴安路\x002号"}, "address", "控制字符"),
        ({"town": 610902001}, "town", "应为文本"),
    ],
)
def test_text_too_long_or_with_control_characters_is_refused(clerk, changes, field, text):
    before = counts()
    response = clerk.post("/registrations", with_residence(**changes))
    assert response.status_code == 422
    assert response.json()["field"] == field and text in response.json()["message"]
    assert counts() == before


def test_booleans_are_strict(clerk, staff, as_user):
    response = as_user(staff.issuer).post("/applications/1/decision", {"approve": "yes"})
    assert response.status_code == 422 and response.json()["field"] == "approve"


@pytest.mark.parametrize("path", ["/registrations/abc", "/registrations/0", "/registrations/99999999999999999999"])
def test_a_bad_id_is_named_not_a_server_error(clerk, path):
    response = clerk.get(path, purpose="核对")
    assert response.status_code == 422 and response.json()["field"] == "id"


def test_a_missing_record_is_404_in_chinese(clerk):
    response = clerk.post("/applications/424242/withdraw")
    assert response.status_code == 404 and response.json() == {"message": "申领不存在", "field": None}


def test_a_detail_read_needs_a_purpose(clerk):
    person_id = clerk.post("/registrations", registration_body()).json()["person"]["id"]
    before = counts()
    for path in (f"/persons/{person_id}", "/registrations/1"):
        response = clerk.get(path)
        assert response.status_code == 400
        assert response.json() == {"message": "请填写查看事由", "field": "purpose"}
    assert counts() == before


def test_a_search_needs_two_characters_named_as_sent(clerk):
    response = clerk.get("/persons", q="张")
    assert response.status_code == 400 and response.json()["field"] == "q"


def test_an_unknown_api_path_is_404_json_in_chinese(clerk):
    response = clerk.get("/no-such-thing")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert response.json() == {"message": "接口不存在：GET /api/v1/no-such-thing", "field": None}


def test_a_wrong_method_is_405_json_naming_the_allowed_ones(clerk):
    response = clerk.client.delete("/api/v1/registrations", headers=clerk.headers)
    assert response.status_code == 405 and response["Content-Type"].startswith("application/json")
    assert "POST" in response["Allow"]
    assert response.json()["message"].startswith("接口 /api/v1/registrations 不支持 DELETE")


def test_an_unknown_office_path_keeps_the_html_404(client):
    response = client.get("/no-such-screen")
    assert response.status_code == 404 and not response["Content-Type"].startswith("application/json")
