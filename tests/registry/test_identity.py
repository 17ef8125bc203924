"""R-27: identity data is never silently overwritten; registering elsewhere is an explicit move."""

import pytest

from juzhu.audit.models import AuditEntry
from juzhu.registry.actions import NotFound, acknowledge_move, register_residence
from juzhu.registry.errors import IdentityConflict
from juzhu.registry.models import IdentityChange, Person, Registration
from tests.factories import person_data, residence_data

pytestmark = pytest.mark.django_db

XINCHENG = dict(town="610902002", address="汉滨区新城街道巴山路8号")
XUNYANG = dict(town="610981100", address="旬阳市城关镇1号")


@pytest.fixture
def registered(staff, clock):
    """张丽 registered at 老城街道派出所 on 2026-03-02."""
    return register_residence(acting_user=staff.clerk, person=person_data(), residence=residence_data())


def test_a_takeover_by_another_county_is_refused_and_discloses_only_station_and_date(staff, clock, registered):
    clock("2026-04-01")
    with pytest.raises(IdentityConflict) as refused:
        register_residence(
            acting_user=staff.xunyang_clerk,
            residence=residence_data(**XUNYANG),
            person=person_data(name="王五", phone="13900000000", hukou_address="别处1号"),
        )
    conflict = refused.value
    assert conflict.status == 409 and conflict.field == "id_number"
    assert "2026-03-02在老城街道派出所" in conflict.message
    assert "姓名、户籍地址、联系电话与已登记的不同" in conflict.message
    assert conflict.details["moves"] == [{"station": "老城街道派出所", "date": "2026-03-02"}]
    assert [c["old"] for c in conflict.details["changes"]] == [None, None, None]  # outside her jurisdiction
    assert "张" not in repr(conflict.details) and "138" not in repr(conflict.details)
    person = Person.objects.get()
    assert (person.name, person.phone, person.county_id) == ("张丽", "13812345678", "610902")
    assert Registration.objects.get() == registered and registered.status == "active"
    assert not IdentityChange.objects.exists()
    disclosed = AuditEntry.objects.get(action="registration.identity_conflict")
    assert (disclosed.actor, disclosed.person_id) == ("clerk_xunyang", person.pk)
    assert disclosed.detail["fields"] == ["name", "hukou_address", "phone"]


def test_a_confirmed_move_without_a_reason_still_refuses_naming_each_changed_field(staff, clock, registered):
    with pytest.raises(IdentityConflict) as refused:
        register_residence(
            acting_user=staff.xunyang_clerk,
            residence=residence_data(**XUNYANG),
            move=True,
            person=person_data(phone="13900000000"),
        )
    assert refused.value.field == "phone" and "联系电话与已登记的不同" in refused.value.message
    assert "迁移" not in refused.value.message  # the move itself is confirmed
    assert Person.objects.get().phone == "13812345678"


def test_a_move_ends_the_old_registration_linked_to_the_new_one_and_both_sides_are_audited(staff, clock, registered):
    clock("2026-04-01")
    new = register_residence(
        acting_user=staff.xunyang_clerk, residence=residence_data(**XUNYANG), move=True, person=person_data()
    )
    registered.refresh_from_db()
    assert (registered.status, registered.moved_to, str(registered.cancelled_on)) == ("moved", new, "2026-04-01")
    assert registered.move_acknowledged_on is None  # the old station has yet to see it
    assert list(new.moved_from.all()) == [registered]  # the chain R-06a follows
    person = Person.objects.get()
    assert (person.county_id, person.town_id) == ("610981", "610981100")
    moved = AuditEntry.objects.get(action="registration.moved")
    assert (moved.object_id, moved.detail["moved_to"], moved.detail["from_unit"]) == (
        str(registered.pk),
        new.number,
        "老城街道派出所",
    )
    created = AuditEntry.objects.filter(action="registration.create").last()
    assert created.detail["moved_from"] == [registered.number]
    assert not IdentityChange.objects.exists()  # nothing about her identity changed


def test_an_identity_change_with_a_reason_keeps_old_and_new_who_where_and_why(staff, clock, registered):
    clock("2026-04-01")
    new = register_residence(
        acting_user=staff.xunyang_clerk,
        residence=residence_data(**XUNYANG),
        move=True,
        identity_reason="已依法变更姓名，见户口簿",
        person=person_data(name="张莉", phone="13900000000"),
    )
    changes = {c.field: c for c in IdentityChange.objects.all()}
    assert set(changes) == {"name", "phone"}
    name = changes["name"]
    assert (name.old_value, name.new_value, name.reason) == ("张丽", "张莉", "已依法变更姓名，见户口簿")
    assert (name.changed_by, name.unit, name.registration, name.county_id) == (
        staff.xunyang_clerk,
        staff.xunyang_clerk.unit,
        new,
        "610981",
    )
    person = Person.objects.get()
    assert (person.name, person.phone, person.name_initials) == ("张莉", "13900000000", "zl")
    entry = AuditEntry.objects.get(action="person.identity_change")
    assert entry.detail["changes"] == {"name": ["张丽", "张莉"], "phone": ["13812345678", "13900000000"]}
    assert entry.detail["reason"] == "已依法变更姓名，见户口簿"


def test_within_her_jurisdiction_the_clerk_sees_old_values_masked(staff, clock, registered):
    with pytest.raises(IdentityConflict) as refused:
        register_residence(
            acting_user=staff.clerk,
            residence=residence_data(address="兴安路9号"),
            person=person_data(name="张莉", phone="13900000000"),
        )
    changes = {c["field"]: c for c in refused.value.details["changes"]}
    assert changes["name"]["old"] == "张*" and changes["name"]["new"] == "张莉"
    assert changes["phone"]["old"] == "138****5678"
    assert refused.value.details["moves"] == [{"station": "老城街道派出所", "date": "2026-03-02"}]


def test_a_confirmation_given_for_other_data_does_not_confirm_these(staff, clock, registered):
    with pytest.raises(IdentityConflict) as shown:
        register_residence(
            acting_user=staff.xunyang_clerk,
            residence=residence_data(**XUNYANG),
            person=person_data(phone="13900000000"),
        )
    token = shown.value.details["confirmation"]
    with pytest.raises(IdentityConflict) as again:  # the clerk then typed another name too
        register_residence(
            acting_user=staff.xunyang_clerk,
            residence=residence_data(**XUNYANG),
            move=True,
            identity_reason="换号",
            confirmation=token,
            person=person_data(name="王五", phone="13900000000"),
        )
    assert "重新核对" in again.value.message and Person.objects.get().name == "张丽"
    register_residence(
        acting_user=staff.xunyang_clerk,
        residence=residence_data(**XUNYANG),
        move=True,
        identity_reason="换号",
        confirmation=token,
        person=person_data(phone="13900000000"),
    )
    assert Person.objects.get().phone == "13900000000"


def test_a_phone_left_blank_keeps_the_one_on_record(staff, clock, registered):
    register_residence(
        acting_user=staff.xunyang_clerk, residence=residence_data(**XUNYANG), move=True, person=person_data(phone="")
    )
    assert Person.objects.get().phone == "13812345678" and not IdentityChange.objects.exists()


def test_the_old_station_acknowledges_the_move_once_and_no_one_else_can(staff, clock, registered):
    register_residence(
        acting_user=staff.other_clerk, residence=residence_data(**XINCHENG), move=True, person=person_data()
    )
    with pytest.raises(NotFound):  # the new station does not hold the old registration
        acknowledge_move(acting_user=staff.other_clerk, registration_id=registered.pk)
    seen = acknowledge_move(acting_user=staff.clerk, registration_id=registered.pk)
    assert seen.move_acknowledged_by == staff.clerk and seen.move_acknowledged_on is not None
    acknowledge_move(acting_user=staff.clerk, registration_id=registered.pk)  # a double click
    assert AuditEntry.objects.filter(action="registration.move_acknowledged").count() == 1


def test_a_move_within_the_same_station_needs_confirming_but_no_acknowledgement(staff, clock, registered):
    with pytest.raises(IdentityConflict):
        register_residence(acting_user=staff.clerk, residence=residence_data(address="兴安路9号"), person=person_data())
    new = register_residence(
        acting_user=staff.clerk, residence=residence_data(address="兴安路9号"), move=True, person=person_data()
    )
    registered.refresh_from_db()
    assert registered.moved_to == new and registered.move_acknowledged_by == staff.clerk


def test_a_person_whose_registration_ended_is_registered_again_without_a_move(staff, clock, registered):
    from juzhu.registry.actions import cancel_registration

    cancel_registration(acting_user=staff.clerk, registration_id=registered.pk, reason="已离开")
    again = register_residence(
        acting_user=staff.xunyang_clerk, residence=residence_data(**XUNYANG), person=person_data()
    )
    assert again.status == "active" and Registration.objects.filter(status="active").count() == 1
    with pytest.raises(IdentityConflict) as refused:  # the identity is still guarded
        register_residence(
            acting_user=staff.clerk,
            residence=residence_data(),
            move=True,
            person=person_data(hukou_address="陕西省西安市雁塔区小寨路9号"),
        )
    assert refused.value.field == "hukou_address"
