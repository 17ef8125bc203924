"""Reads: masked lists, whole data on logged detail reads, jurisdiction answering like absence."""

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.audit.sequencer import sequence_now

from .conftest import registration_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(staff, clock, as_user):
    return as_user(staff.clerk).post("/registrations", registration_body()).json()


def test_another_stations_clerk_gets_the_same_404_as_for_a_missing_id(staff, as_user, registered):
    stranger = as_user(staff.other_clerk)
    before = AuditEntry.objects.count()
    hidden = stranger.get(f"/persons/{registered['person']['id']}", purpose="核对")
    missing = stranger.get("/persons/987654", purpose="核对")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert hidden.json() == {"message": "人员不存在", "field": None}

    hidden = stranger.get(f"/registrations/{registered['id']}", purpose="核对")
    missing = stranger.get("/registrations/987654", purpose="核对")
    assert hidden.status_code == missing.status_code == 404 and hidden.content == missing.content
    sequence_now()  # reads are chained by the sequencer
    assert AuditEntry.objects.count() == before  # nothing was read
    assert stranger.get("/persons", q="张丽").json() == []


def test_a_detail_read_writes_an_audit_row_with_its_purpose(staff, as_user, registered):
    clerk = as_user(staff.clerk)
    response = clerk.get(f"/registrations/{registered['id']}", purpose="核对登记信息")
    assert response.status_code == 200 and response.json()["person"]["id_number"] == "610113199002280029"
    sequence_now()
    entry = AuditEntry.objects.filter(action="registration.view").get()
    assert (entry.actor, entry.purpose, entry.person_id, entry.object_type, entry.object_id) == (
        "clerk_laocheng",
        "核对登记信息",
        registered["person"]["id"],
        "registry.Registration",
        str(registered["id"]),
    )

    response = clerk.get(f"/persons/{registered['person']['id']}", purpose="办理申领前核对")
    assert response.status_code == 200
    record = response.json()
    assert record["person"]["id_number"] == "610113199002280029" and record["person"]["phone"] == "13812345678"
    assert record["current_registration"]["id"] == registered["id"]
    sequence_now()
    assert AuditEntry.objects.filter(action="person.view", purpose="办理申领前核对").count() == 1


def test_search_results_are_masked_and_the_search_is_logged(staff, as_user, registered):
    response = as_user(staff.clerk).get("/persons", q="zl")
    assert response.status_code == 200
    [hit] = response.json()
    assert hit["id_number"] == "6101**********0029" and hit["phone"] == "138****5678"
    assert (hit["name"], hit["sex_name"], hit["town"]) == ("张丽", "女", "610902001")
    sequence_now()
    assert AuditEntry.objects.filter(action="person.search").count() == 1


def test_the_county_issuer_reads_every_station_of_her_county_but_not_another_county(staff, as_user, registered):
    assert as_user(staff.issuer).get(f"/registrations/{registered['id']}", purpose="审批").status_code == 200
    assert as_user(staff.xunyang_issuer).get(f"/registrations/{registered['id']}", purpose="审批").status_code == 404


def test_rules_evaluate_one_case_or_a_list_like_the_command(staff, clock, as_user):
    officer = as_user(staff.officer)  # any authenticated user
    response = officer.post("/rules/evaluate", {"question": "issuance_deadline", "acceptance_date": "2025-09-30"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["outcome"] == "computed" and answer["due_date"] == "2025-10-11" and answer["citations"]

    response = officer.post(
        "/rules/evaluate",
        [
            {"question": "id_number", "value": "610113199002280029"},
            {"question": "registration_duty", "arrival_date": "2026-02-30"},
            42,
        ],
    )
    assert response.status_code == 200
    first, second, third = response.json()
    assert first["outcome"] == "valid" and first["sex"] == "female"
    assert second["outcome"] == "invalid" and second["errors"][0]["field"] == "arrival_date"
    assert third["outcome"] == "invalid" and third["errors"][0]["field"] == "case"

    response = officer.post("/rules/evaluate", "hello")
    assert response.status_code == 422 and response.json()["field"] == "body"
    assert response.json()["message"] == "请求体应为 JSON 对象；请求体应为列表"


def test_rules_evaluate_answers_invalid_for_dates_at_the_edge_of_the_calendar(staff, clock, as_user):
    response = as_user(staff.clerk).post(
        "/rules/evaluate",
        [
            {"question": "issuance_deadline", "acceptance_date": "9999-12-31"},
            {
                "question": "permit_eligibility",
                "registration_date": "9999-12-01",
                "application_date": "9999-12-31",
                "conditions": ["study"],
            },
        ],
    )
    assert response.status_code == 200
    assert [answer["outcome"] for answer in response.json()] == ["invalid", "invalid"]
