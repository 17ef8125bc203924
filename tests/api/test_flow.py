"""A residence permit's whole life through the API, with API tokens."""

import io

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.audit.sequencer import sequence_now
from juzhu.registry.models import Permit, PermitApplication, PermitCard
from tests.registry.flows import photo_bytes

from .conftest import person_data, registration_body

pytestmark = pytest.mark.django_db


def test_from_registration_to_a_reissued_card(staff, clock, as_user):
    clerk, issuer, new_station = as_user(staff.clerk), as_user(staff.issuer), as_user(staff.other_clerk)

    clock("2026-03-02")
    child = {"name": "张小丽", "birth_date": "2018-05-01", "sex": "female"}
    response = clerk.post("/registrations", registration_body(children=[child]))
    assert response.status_code == 201, response.json()
    registration = response.json()
    assert registration["number"].startswith("DJ6109022026") and registration["status"] == "active"
    assert registration["due_date"] == "2026-03-04" and registration["late"] is False
    assert registration["person"]["id_number"] == "610113199002280029"
    assert registration["children"] == [
        {"name": "张小丽", "birth_date": "2018-05-01", "sex": "female", "id_number": ""}
    ]
    person_id = registration["person"]["id"]

    # Half a year later: an application with only the ID card and a photo gets ONE notice listing the rest.
    clock("2026-09-07")
    response = clerk.post(
        "/applications",
        {
            "registration_id": registration["id"],
            "condition": "employment",
            "materials": [{"code": "resident_id_card", "issuer": "西安市公安局雁塔分局"}, {"code": "photo"}],
        },
    )
    assert response.status_code == 201, response.json()
    application = response.json()
    assert application["status"] == "incomplete" and application["receipt_number"] is None
    [notice] = application["notices"]
    assert notice["missing"] == ["employment_proof", "residence_address_proof"]
    assert notice["number"].startswith("GZ6109022026")

    response = clerk.post(
        f"/applications/{application['id']}/materials",
        {
            "materials": [
                {"code": "employment_proof", "issuer": "安康某某有限公司"},
                {"code": "residence_address_proof", "issuer": "房东 李四"},
            ]
        },
    )
    assert response.status_code == 200, response.json()
    application = response.json()
    assert application["status"] == "accepted" and application["receipt_number"].startswith("HZ6109022026")
    assert application["due_date"] == "2026-09-10" and application["extension_limit"] >= "2026-09-22"
    assert {m["code"]: m["issuer"] for m in application["materials"]}["employment_proof"] == "安康某某有限公司"

    # Approval needs the photo the card prints: refused, naming the field, until the clerk uploads it.
    response = issuer.post(f"/applications/{application['id']}/decision", {"approve": True})
    assert response.status_code == 400 and response.json()["field"] == "photo", response.json()
    upload = io.BytesIO(photo_bytes())
    upload.name = "photo.png"
    response = clerk.client.post(f"/api/v1/persons/{person_id}/photo", {"file": upload}, headers=clerk.headers)
    assert response.status_code == 200, response.content
    response = issuer.post(f"/applications/{application['id']}/decision", {"approve": True})
    assert response.status_code == 200, response.json()
    decision = response.json()
    assert decision["application"]["status"] == "issued"
    permit = decision["permit"]
    assert permit["number"].startswith("6109022026") and permit["status"] == "valid"
    assert permit["holder_id_number"] == "610113199002280029" and permit["issue_date"] == "2026-09-07"
    [card] = permit["cards"]
    assert (card["version"], card["kind"], card["status"], card["fee"]) == (1, "original", "produced", "0.00")

    response = clerk.post(f"/cards/{card['id']}/hand-out")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "handed_out" and response.json()["handed_out_on"] == "2026-09-07"

    # A year on, in the month before the anniversary: endorsed on time.
    clock("2027-09-01")
    response = clerk.post(f"/permits/{permit['id']}/endorsements")
    assert response.status_code == 201, response.json()
    endorsement = response.json()
    assert endorsement["anniversary"] == "2027-09-07" and endorsement["late"] is False
    assert endorsement["permit"]["status"] == "valid" and endorsement["permit"]["next_anniversary"] == "2028-09-07"

    # The holder moves to another street of the same district: the new station changes the address.
    response = new_station.post(
        "/permits/address-change",
        {
            "permit_number": permit["number"],
            "holder_id_number": "610113199002280029",
            "town": "610902002",
            "address": "汉滨区新城街道巴山路8号",
        },
    )
    assert response.status_code == 201, response.json()
    change = response.json()
    assert (change["old_town"], change["new_town"]) == ("610902001", "610902002")
    assert change["new_address"] == "汉滨区新城街道巴山路8号"

    # She loses the card: the new station reissues it; the old card stops being valid.
    response = new_station.post(f"/permits/{permit['id']}/cards", {"kind": "reissue"})
    assert response.status_code == 201, response.json()
    assert (response.json()["version"], response.json()["kind"], response.json()["fee"]) == (2, "reissue", "0.00")

    response = new_station.get(f"/permits/{permit['id']}", purpose="核对补领")
    assert response.status_code == 200, response.json()
    shown = response.json()
    assert shown["residence_address"] == "汉滨区新城街道巴山路8号" and shown["town"] == "610902002"
    assert [(c["version"], c["status"]) for c in shown["cards"]] == [(1, "void"), (2, "produced")]
    assert [e["date"] for e in shown["endorsements"]] == ["2027-09-01"]
    assert len(shown["address_changes"]) == 1

    # The old station no longer sees the permit; the person is now the new station's.
    assert clerk.get(f"/permits/{permit['id']}", purpose="核对").status_code == 404
    response = new_station.get(f"/persons/{person_id}", purpose="核对补领")
    assert response.status_code == 200, response.json()
    record = response.json()
    assert record["person"]["town"] == "610902002" and record["person"]["phone"] == "13812345678"
    assert [p["number"] for p in record["permits"]] == [permit["number"]]

    assert Permit.objects.get().status == "valid"
    assert PermitApplication.objects.get().status == "issued"
    assert PermitCard.objects.filter(status="void").count() == 1
    sequence_now()  # reads are chained by the sequencer
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    for expected in (
        "registration.create",
        "application.notice",
        "application.accept",
        "permit.issue",
        "card.hand_out",
        "permit.endorse",
        "permit.change_address",
        "card.reissue",
        "permit.view",
    ):
        assert expected in actions


def test_refusal_extension_withdrawal_and_cancellation(staff, clock, as_user):
    clerk, issuer = as_user(staff.clerk), as_user(staff.issuer)
    clock("2026-03-02")
    registration = clerk.post("/registrations", registration_body()).json()
    clock("2026-09-07")
    complete = [{"code": code} for code in ("resident_id_card", "photo", "residence_address_proof", "study_proof")]
    application = clerk.post(
        "/applications", {"registration_id": registration["id"], "condition": "study", "materials": complete}
    ).json()
    assert application["status"] == "accepted"

    response = issuer.post(
        f"/applications/{application['id']}/extension", {"until": "2026-09-15", "reason": "偏远地区，交通不便"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["effective_due_date"] == "2026-09-15"
    response = issuer.post(
        f"/applications/{application['id']}/extension", {"until": "2026-12-31", "reason": "特殊情况"}
    )
    assert response.status_code == 400 and response.json()["field"] == "until"

    response = issuer.post(f"/applications/{application['id']}/decision", {"approve": False})
    assert response.status_code == 400 and response.json()["field"] == "reasons"
    response = issuer.post(
        f"/applications/{application['id']}/decision", {"approve": False, "reasons": "就读证明不真实"}
    )
    assert response.status_code == 200, response.json()
    refused = response.json()
    assert refused["permit"] is None and refused["application"]["status"] == "refused"
    assert refused["application"]["refusal"]["reasons"] == ["就读证明不真实"]
    assert any("第十二条" in c for c in refused["application"]["refusal"]["citations"])

    again = clerk.post(
        "/applications", {"registration_id": registration["id"], "condition": "study", "materials": complete[:1]}
    ).json()
    response = clerk.post(f"/applications/{again['id']}/withdraw", {"reason": "本人申请撤回"})
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    response = clerk.post(f"/applications/{again['id']}/withdraw")
    assert response.status_code == 409 and "撤回" in response.json()["message"]

    response = clerk.post(f"/registrations/{registration['id']}/cancel", {"reason": "已离开本市"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    response = clerk.post(
        "/applications", {"registration_id": registration["id"], "condition": "study", "materials": complete}
    )
    assert response.status_code == 400 and response.json()["field"] == "registration_id"


def test_an_application_before_half_a_year_cannot_be_approved(staff, clock, as_user):
    clerk, issuer = as_user(staff.clerk), as_user(staff.issuer)
    clock("2026-03-02")
    registration = clerk.post("/registrations", registration_body()).json()
    clock("2026-06-01")
    complete = [{"code": c} for c in ("resident_id_card", "photo", "residence_address_proof", "employment_proof")]
    body = {"registration_id": registration["id"], "condition": "employment", "materials": complete}
    # R-06b: before anything is accepted, the clerk is told from when the person is eligible.
    warned = clerk.post("/applications", body)
    assert warned.status_code == 409 and warned.json()["field"] == "confirm_not_eligible"
    assert "2026年09月02日" in warned.json()["message"]
    assert not PermitApplication.objects.exists()
    application = clerk.post("/applications", {**body, "confirm_not_eligible": True}).json()
    assert application["status"] == "accepted"
    response = issuer.post(f"/applications/{application['id']}/decision", {"approve": True})
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "approve" and "2026-09-02" in body["message"]
    assert body["reasons"] and any("第十条" in c for c in body["citations"])
    assert not Permit.objects.exists()


def test_the_city_administrator_enters_2027_and_it_becomes_official(as_user, staff):
    admin, clerk = as_user(staff.admin), as_user(staff.clerk)
    assert clerk.get("/calendar/years/2027").json()["official"] is False
    notice = {
        "source": "国务院办公厅关于2027年部分节假日安排的通知（测试）",
        "holidays": {"2027-01-01": "元旦"},
        "workdays": {},
    }
    assert (
        clerk.client.put(
            "/api/v1/calendar/years/2027", notice, content_type="application/json", headers=clerk.headers
        ).status_code
        == 403
    )
    response = admin.client.put(
        "/api/v1/calendar/years/2027", notice, content_type="application/json", headers=admin.headers
    )
    assert response.status_code == 200, response.content
    assert response.json()["official"] is True and response.json()["holidays"] == {"2027-01-01": "元旦"}
    bad = admin.client.put(
        "/api/v1/calendar/years/2027",
        {**notice, "workdays": {"2027-01-05": "调休"}},
        content_type="application/json",
        headers=admin.headers,
    )
    assert bad.status_code == 400 and bad.json()["field"] == "holidays"
    assert response.json()["recomputed"]["counts"]["applications"] == 0


def test_the_city_administrator_enters_a_successors_value(as_user, staff, clock):
    admin, clerk = as_user(staff.admin), as_user(staff.clerk)
    body = {"value": 15, "reference": "国务院《居住证暂行条例》第十四条"}
    url = "/api/v1/parameters/permit.issuance_working_days/values/2027-01-01"
    assert clerk.client.put(url, body, content_type="application/json", headers=clerk.headers).status_code == 403
    response = admin.client.put(url, body, content_type="application/json", headers=admin.headers)
    assert response.status_code == 200, response.content
    assert response.json()["value"] == 15
    bad = admin.client.put(url, {**body, "value": "x"}, content_type="application/json", headers=admin.headers)
    assert bad.status_code == 400 and bad.json()["field"] == "value"
    clock("2027-01-05")
    answer = clerk.post("/rules/evaluate", {"question": "issuance_deadline", "acceptance_date": "2027-01-05"})
    assert answer.json()["due_date"] == "2027-01-26"


def test_a_photo_is_uploaded_as_a_file(as_user, staff, settings, tmp_path):
    import io

    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    clerk = as_user(staff.clerk)
    created = clerk.post("/registrations", registration_body())
    person_id = created.json()["person"]["id"]
    out = io.BytesIO()
    Image.new("RGB", (358, 441), (70, 110, 160)).save(out, "PNG")
    out.seek(0)
    out.name = "photo.png"
    response = clerk.client.post(f"/api/v1/persons/{person_id}/photo", {"file": out}, headers=clerk.headers)
    assert response.status_code == 200, response.content
    assert response.json()["photo"].endswith(".jpg")
    bad = clerk.client.post(f"/api/v1/persons/{person_id}/photo", {"file": io.BytesIO(b"nope")}, headers=clerk.headers)
    assert bad.status_code == 400 and bad.json()["field"] == "photo"


def test_a_hong_kong_resident_is_outside_the_measure_and_told_the_national_procedure(staff, clock, as_user):
    """R-02a through the API: region 810000, no hukou code; 422 citing Art 2 para 3."""
    from juzhu.rules.id_number import check_character

    clock("2026-11-27")
    number = "81000019900101123" + check_character("81000019900101123")
    body = registration_body(person_data(id_number=number, hukou_division="", id_type="hmt_residence_permit"))
    response = as_user(staff.clerk).post("/registrations", body)
    assert response.status_code == 422, response.content
    answer = response.json()
    assert "第二条第三款" in answer["message"] and "港澳台居民居住证申领发放办法" in answer["message"]
    assert "属于流动人口" not in answer["message"]
    assert any("第二条" in c for c in answer["citations"])


def test_the_document_types_of_the_api_are_the_rules_list(staff, clock, as_user):
    """One list: the API schema offers exactly the parameter identity.documents."""
    from juzhu.registry.models.person import identity_document_choices

    schema = as_user(staff.clerk).get("/openapi.json").json()
    person = schema["components"]["schemas"]["PersonIn"]["properties"]["id_type"]
    assert person["enum"] == [code for code, _ in identity_document_choices()]


def test_a_permit_read_gives_the_window_end_moved_off_the_holiday(staff, clock, as_user):
    """R-11a through the API: anniversary 1 Oct 2025 in the National Day holiday, window to 9 Oct."""
    from tests.registry.flows import issued_permit

    permit = issued_permit(staff, clock, registered_on="2024-03-01", applied_on="2024-10-01")
    clock("2025-09-20")
    body = as_user(staff.clerk).get(f"/permits/{permit.pk}", purpose="签注").json()
    assert body["next_anniversary"] == "2025-10-01" and body["window_end"] == "2025-10-09"
