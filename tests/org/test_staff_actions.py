"""Staff accounts through the audited actions (juzhu.org.actions): a city administrator only,
a role only with its kind of unit, every change an event (issue 9)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from juzhu.audit.models import AuditEntry
from juzhu.audit.payloads import payload_of
from juzhu.errors import ActionError, PermissionDenied
from juzhu.org.actions import OPERATOR, assign_staff, create_staff_member, deactivate_staff
from juzhu.org.events import StaffAssigned, StaffCreated
from juzhu.org.models import User

pytestmark = pytest.mark.django_db
STRONG = "远山长-green-fields-2031"


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_the_city_administrator_creates_a_clerk_and_it_is_audited_without_the_password(staff):
    user = create_staff_member(
        acting_user=staff.admin,
        username="clerk_new",
        unit_code="AK-610902-PS02",
        role="clerk",
        display_name="李娜",
        password=STRONG,
    )
    assert user.check_password(STRONG) and user.unit.code == "AK-610902-PS02"
    assert list(user.groups.values_list("name", flat=True)) == ["clerk"]
    assert user.has_perm("registry.register_residence")
    (entry,) = _entries("staff.create")
    assert entry.actor == "city_admin" and entry.object_id == str(user.pk)
    assert payload_of(entry.action, entry.detail) == StaffCreated("clerk_new", "AK-610902-PS02", "clerk", "李娜", True)
    assert STRONG not in str(entry.detail)


@pytest.mark.parametrize("who", ["clerk", "issuer", "supervisor", "officer"])
def test_only_a_city_administrator_manages_staff(staff, who):
    with pytest.raises(PermissionDenied):
        create_staff_member(acting_user=getattr(staff, who), username="x_new", unit_code="AK-CITY", role="city_admin")
    with pytest.raises(PermissionDenied):
        deactivate_staff(acting_user=getattr(staff, who), username="clerk_laocheng", reason="调离")
    assert not _entries("staff.create") and User.objects.get(username="clerk_laocheng").is_active


def test_a_role_goes_only_with_its_kind_of_unit(staff):
    with pytest.raises(ActionError) as refused:
        create_staff_member(acting_user=staff.admin, username="issuer_x", unit_code="AK-610902-PS01", role="issuer")
    assert refused.value.field == "role" and "签发人" in refused.value.message
    with pytest.raises(ActionError) as refused:
        create_staff_member(acting_user=staff.admin, username="x_new", unit_code="NO-SUCH", role="clerk")
    assert refused.value.field == "unit"


def test_bad_input_names_its_field_and_writes_nothing(staff):
    cases = [
        (dict(username="a b"), "username"),
        (dict(password="123"), "password"),
        (dict(role="root"), "role"),
        (dict(username="clerk_laocheng"), "username"),  # exists
    ]
    for change, field in cases:
        values = dict(username="x_new", unit_code="AK-610902-PS01", role="clerk") | change
        with pytest.raises(ActionError) as refused:
            create_staff_member(acting_user=staff.admin, **values)
        assert refused.value.field == field, (change, refused.value.message)
    assert not User.objects.filter(username="x_new").exists() and not _entries("staff.create")


def test_moving_a_clerk_to_another_station_is_audited_once(staff):
    user = assign_staff(acting_user=staff.admin, username="clerk_laocheng", unit_code="AK-610902-PS02")
    assert user.unit.code == "AK-610902-PS02"
    assign_staff(acting_user=staff.admin, username="clerk_laocheng", unit_code="AK-610902-PS02")  # again: nothing
    (entry,) = _entries("staff.assign")
    assert payload_of(entry.action, entry.detail) == StaffAssigned(
        "clerk_laocheng", ("AK-610902-PS01", "AK-610902-PS02"), ("clerk", "clerk")
    )


def test_an_administrator_cannot_lock_herself_out(staff):
    with pytest.raises(ActionError, match="不能停用自己的账号"):
        deactivate_staff(acting_user=staff.admin, username="city_admin", reason="测试")
    with pytest.raises(ActionError, match="不能取消自己的市级管理员角色"):
        assign_staff(acting_user=staff.admin, username="city_admin", unit_code="AK-SUP", role="supervisor")
    assert staff.admin.has_perm("registry.manage_org")


def test_a_deactivated_account_can_no_longer_act(staff):
    deactivate_staff(acting_user=staff.admin, username="clerk_xincheng", reason="调离本单位")
    user = User.objects.get(username="clerk_xincheng")
    assert not user.is_active and not user.has_perm("registry.register_residence")
    with pytest.raises(ActionError) as again:
        deactivate_staff(acting_user=staff.admin, username="clerk_xincheng", reason="调离本单位")
    assert again.value.status == 409
    (entry,) = _entries("staff.deactivate")
    assert entry.detail == {"username": "clerk_xincheng", "reason": "调离本单位"}


def test_the_command_acts_as_the_operator_or_as_a_named_administrator(staff):
    out = io.StringIO()
    call_command(
        "staff", "create", "admin_two", "--unit", "AK-CITY", "--role", "city_admin", "--name", "周敏", stdout=out
    )
    assert "已新建账号 admin_two" in out.getvalue() and "不能登录" in out.getvalue()
    created = _entries("staff.create")[-1]
    assert created.actor == "system" and created.actor_id is None
    call_command("staff", "deactivate", "admin_two", "--reason", "重复账号", "--by", "city_admin", stdout=out)
    assert _entries("staff.deactivate")[-1].actor == "city_admin"
    with pytest.raises(CommandError, match="只有市级管理员"):
        call_command("staff", "assign", "clerk_laocheng", "--unit", "AK-610902-PS02", "--by", "clerk_laocheng")
    with pytest.raises(CommandError, match="unit"):
        call_command("staff", "create", "x_new", "--unit", "NOPE", "--role", "clerk")


def test_the_operator_is_not_a_user_a_request_could_carry(staff):
    """The operator passes the role checks; nothing else does (an anonymous user, None)."""
    from django.contrib.auth.models import AnonymousUser

    for nobody in (None, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            create_staff_member(acting_user=nobody, username="x_new", unit_code="AK-CITY", role="city_admin")
    assert create_staff_member(acting_user=OPERATOR, username="x_new", unit_code="AK-CITY", role="city_admin")
