"""R-27 and issue 8 findings 2 and 7 through the API: no takeover by ID number, no invisible names."""

import pytest

from juzhu.registry.models import Person, Registration

from .conftest import person_data, registration_body, residence_data

pytestmark = pytest.mark.django_db

XUNYANG = residence_data(town="610981100", address="旬阳市城关镇1号")


def test_registering_a_known_id_number_elsewhere_with_a_new_name_and_phone_is_409_not_a_takeover(staff, clock, as_user):
    first, other = as_user(staff.clerk), as_user(staff.xunyang_clerk)
    assert first.post("/registrations", registration_body()).status_code == 201
    clock("2026-04-01")
    takeover = registration_body(person_data(name="王五", phone="13900000000"), XUNYANG)
    response = other.post("/registrations", takeover)
    assert response.status_code == 409, response.json()
    answer = response.json()
    assert "老城街道派出所" in answer["message"] and "姓名、联系电话与已登记的不同" in answer["message"]
    assert answer["field"] == "id_number"
    assert answer["conflict"]["moves"] == [{"station": "老城街道派出所", "date": "2026-03-02"}]
    assert [(c["field"], c["old"], c["new"]) for c in answer["conflict"]["changes"]] == [
        ("name", None, "王五"),
        ("phone", None, "13900000000"),
    ]
    assert Person.objects.get().name == "张丽" and Registration.objects.get().status == "active"

    response = other.post("/registrations", {**takeover, "move": True})
    assert response.status_code == 409 and response.json()["field"] == "name"  # still no reason

    response = other.post(
        "/registrations",
        {
            **takeover,
            "move": True,
            "identity_reason": "本人依法更名",
            "confirmation": answer["conflict"]["confirmation"],
        },
    )
    assert response.status_code == 201, response.json()
    new_id = response.json()["id"]
    old = Registration.objects.exclude(pk=new_id).get()
    assert (old.status, old.moved_to_id) == ("moved", new_id)

    old_side = first.get(f"/registrations/{old.pk}", purpose="处理迁出")
    assert old_side.status_code == 200 and old_side.json()["moved_to_id"] == new_id
    assert other.post(f"/registrations/{old.pk}/acknowledge-move").status_code == 404
    acknowledged = first.post(f"/registrations/{old.pk}/acknowledge-move")
    assert acknowledged.status_code == 200 and acknowledged.json()["status"] == "moved"


BAD_NAMES = {
    "zero-width space": "张\u200b丽",
    "bidi override": "张\u202e丽",
    "byte order mark": "\ufeff张丽",
    "Hangul filler": "张\u3164丽",
    "emoji": "张丽\U0001f600",
    "stacked combining marks": "张\u0301\u0301\u0301丽",
}


@pytest.mark.parametrize("name", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_a_spoofing_name_is_refused_naming_the_field(staff, clock, as_user, name):
    response = as_user(staff.clerk).post("/registrations", registration_body(person_data(name=name)))
    assert response.status_code == 422, response.json()
    assert response.json()["field"] == "name" and "姓名" in response.json()["message"]
    assert not Person.objects.exists()


def test_a_phone_that_is_no_phone_number_is_refused_naming_the_field(staff, clock, as_user):
    response = as_user(staff.clerk).post("/registrations", registration_body(person_data(phone="abc-<b>")))
    assert response.status_code == 422 and response.json()["field"] == "phone"
    assert "联系电话格式不正确" in response.json()["message"]


def test_a_child_born_in_1900_older_than_the_parent_is_refused(staff, clock, as_user):
    child = {"name": "张小丽", "birth_date": "1900-01-01", "sex": "female"}
    response = as_user(staff.clerk).post("/registrations", registration_body(children=[child]))
    assert response.status_code == 400, response.json()
    assert response.json()["field"] == "children[0].birth_date" and "子女出生日期" in response.json()["message"]
    assert not Person.objects.exists()
