"""R-27 and issue 8 finding 7 at the window: a move is shown and confirmed, a change needs a reason,
the old station sees the move in its queue, and spoofing names or a non-phone are refused on the field."""

import pytest
from django.urls import reverse

from juzhu.audit.models import AuditEntry
from juzhu.registry.models import IdentityChange, Person, Registration
from tests.factories import office_client

from .test_office import NEWCOMER, register, state_purpose

pytestmark = pytest.mark.django_db

XINCHENG = {"town": "610902002", "address": "汉滨区新城街道巴山路8号"}


def test_a_move_is_shown_before_saving_confirmed_and_seen_by_the_old_station(staff, clock):
    clock("2025-06-02")
    old_station, new_station = office_client(staff.clerk), office_client(staff.other_clerk)
    assert register(old_station).status_code == 302
    clock("2025-07-01")

    shown = register(new_station, **XINCHENG, phone="13900000000")
    page = shown.content.decode()
    assert shown.status_code == 200 and 'id="identity-conflict"' in page
    assert "2025-06-02 在老城街道派出所办理" in page and "不在本单位管辖范围内，不予显示" in page
    panel = page.split('id="identity-conflict"')[1].split("</section>")[0]
    assert "138" not in panel and "联系电话" in panel and "13900000000" in panel  # nothing stored is shown
    assert 'name="confirm_move"' in page and 'name="identity_reason"' in page
    assert Registration.objects.count() == 1 and Person.objects.get().phone == "13812345678"
    token = shown.context["form"]["confirmation"].value()

    without_reason = register(new_station, **XINCHENG, phone="13900000000", confirm_move="on", confirmation=token)
    assert "联系电话与已登记的不同" in without_reason.content.decode() and Registration.objects.count() == 1

    done = register(
        new_station,
        **XINCHENG,
        phone="13900000000",
        confirm_move="on",
        confirmation=token,
        identity_reason="本人更换手机号码",
    )
    assert done.status_code == 302
    old = Registration.objects.get(unit=staff.clerk.unit)
    assert old.status == "moved" and old.moved_to.unit == staff.other_clerk.unit
    assert IdentityChange.objects.get().old_value == "13812345678"

    workbench = old_station.get(reverse("home")).content.decode()
    assert 'data-queue="moved_out"' in workbench and old.number in workbench and "张丽" in workbench
    assert old.number not in new_station.get(reverse("home")).content.decode()
    notice = old_station.get(reverse("registration_moved", args=[old.pk])).content.decode()
    assert "新城街道派出所" in notice and "巴山路" not in notice and "13900000000" not in notice
    assert new_station.get(reverse("registration_moved", args=[old.pk])).status_code == 404
    acknowledged = old_station.post(reverse("registration_moved", args=[old.pk]))
    assert acknowledged.status_code == 302
    assert 'data-queue="moved_out"' in old_station.get(reverse("home")).content.decode()  # the message shown
    assert old.number not in old_station.get(reverse("home")).content.decode()
    assert AuditEntry.objects.filter(action="registration.move_acknowledged", actor="clerk_laocheng").exists()

    person = Person.objects.get()
    timeline = state_purpose(new_station, person.pk).get(reverse("person", args=[person.pk])).content.decode()
    assert "更改联系电话：138****5678 → 139****0000（原因：本人更换手机号码）" in timeline
    assert "13812345678" not in timeline


BAD = {
    "name": ["张\u200b丽", "张\u202e丽", "\ufeff张丽", "张\u3164丽", "张丽\U0001f600", "张\u0301\u0301\u0301丽"],
    "phone": ["abc-<b>"],
}


@pytest.mark.parametrize("field, value", [(f, v) for f, values in BAD.items() for v in values])
def test_spoofing_names_and_a_non_phone_are_refused_on_their_field(staff, clock, field, value):
    clock("2025-06-02")
    response = register(office_client(staff.clerk), **{field: value})
    form = response.context["form"]
    assert response.status_code == 200 and list(form.errors) == [field]
    assert ("姓名" if field == "name" else "联系电话") in form.errors[field][0]
    assert not Person.objects.exists()


def test_a_child_older_than_the_parent_is_refused_on_the_child_birth_date(staff, clock):
    clock("2025-06-02")
    response = register(
        office_client(staff.clerk), child_name="张小丽", child_birth_date="1900-01-01", child_sex="female"
    )
    assert list(response.context["form"].errors) == ["child_birth_date"]
    assert "子女出生日期" in response.context["form"].errors["child_birth_date"][0]
    assert not Person.objects.exists()


def test_a_minority_name_typed_with_a_look_alike_dot_is_stored_with_the_middle_dot(staff, clock):
    clock("2025-06-02")
    assert register(office_client(staff.clerk), name="阿依古丽・买买提").status_code == 302
    assert Person.objects.get().name == "阿依古丽·买买提"
    assert NEWCOMER["name"] != Person.objects.get().name
