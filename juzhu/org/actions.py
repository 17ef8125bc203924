"""Staff accounts: create one, change its role or unit, deactivate it. Each is audited.

Least privilege (R-22): only a city administrator (``registry.manage_org``) acts, only on
units inside her jurisdiction, and a role goes only with its kind of unit
(``roles.ROLE_UNIT_KINDS``). An administrator cannot deactivate herself or take away her own
role, so the city is never left without one by a slip.

``OPERATOR`` stands for the server's operator on the command line (``juzhu staff`` without
``--by``, and ``juzhu demo``): whoever can run commands there can already change the database,
so the checks of a person's role do not apply; the audit entry names the actor "system". A web
request can never produce it. Same input twice (a double submit) answers without a second write.
"""

from __future__ import annotations

import re
from typing import Any, Final

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.audit.log import record
from juzhu.audit.payloads import Payload
from juzhu.errors import ActionError, NotFound, PermissionDenied

from .events import StaffAssigned, StaffCreated, StaffDeactivated
from .jurisdiction import covers
from .models import Unit, User
from .roles import CITY_ADMIN, ROLE_NAMES, ROLE_UNIT_KINDS


class _Operator:
    """The command line's operator (see the module's docstring)."""

    def __repr__(self) -> str:
        return "OPERATOR"


OPERATOR: Final = _Operator()
USERNAME = re.compile(r"[A-Za-z0-9_.@+-]{3,150}")
PURPOSE = "管理工作人员账号"


def create_staff_member(
    *, acting_user: Any, username: str, unit_code: str, role: str, display_name: str = "", password: str = ""
) -> User:
    """A new account in ``unit_code`` with ``role``; without a password it cannot log in until one is set."""
    _require_admin(acting_user)
    username = (username or "").strip()
    if not USERNAME.fullmatch(username):
        raise ActionError("用户名应为 3 至 150 个字母、数字或 _ . @ + -", field="username")
    display_name = (display_name or "").strip()
    if len(display_name) > User._meta.get_field("display_name").max_length:
        raise ActionError("姓名过长", field="display_name")
    unit = _unit(acting_user, unit_code)
    group = _role(role, unit)
    if password:
        _check_password(password, User(username=username, display_name=display_name))
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise ActionError(f"用户名 {username} 已存在（请勿重复提交）", field="username", status=409)
        user = User(username=username, unit=unit, display_name=display_name)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        try:
            with transaction.atomic():  # a concurrent create of the same name: its unique key refuses this one
                user.save(force_insert=True)
        except IntegrityError:
            raise ActionError(f"用户名 {username} 已存在（请勿重复提交）", field="username", status=409) from None
        user.groups.set([group])
        payload = StaffCreated(username, unit.code, group.name, display_name, password_set=bool(password))
        _audit(acting_user, Event.STAFF_CREATE, user, payload)
    return user


def assign_staff(*, acting_user: Any, username: str, unit_code: str = "", role: str = "") -> User:
    """Move an account to another unit and/or role (what is left empty stays as it is)."""
    _require_admin(acting_user)
    with transaction.atomic():
        user = _staff(acting_user, username)
        old_unit, old_role = user.unit, _role_of(user)
        unit = _unit(acting_user, unit_code) if unit_code else old_unit
        if unit is None:
            raise ActionError("请选择单位", field="unit")
        group = _role(role or old_role, unit)
        if (unit.pk, group.name) == (getattr(old_unit, "pk", None), old_role):
            return user  # nothing to change (also the second of a double submit)
        if user.pk == getattr(acting_user, "pk", None) and group.name != CITY_ADMIN:
            raise ActionError("不能取消自己的市级管理员角色，请由另一位管理员办理", field="role")
        user.unit = unit
        user.save(update_fields=["unit"])
        user.groups.set([group])
        payload = StaffAssigned(username, (getattr(old_unit, "code", ""), unit.code), (old_role, group.name))
        _audit(acting_user, Event.STAFF_ASSIGN, user, payload)
    return user


def deactivate_staff(*, acting_user: Any, username: str, reason: str) -> User:
    """The account can no longer log in or act; its records and audit history stay."""
    _require_admin(acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError("请填写停用原因", field="reason")
    if len(reason) > 200:
        raise ActionError("停用原因不能超过 200 个字", field="reason")
    with transaction.atomic():
        user = _staff(acting_user, username)
        if not user.is_active:
            raise ActionError(f"账号 {user.username} 已停用（请勿重复提交）", field="username", status=409)
        if user.pk == getattr(acting_user, "pk", None):
            raise ActionError("不能停用自己的账号，请由另一位管理员办理", field="username")
        user.is_active = False
        user.save(update_fields=["is_active"])
        _audit(acting_user, Event.STAFF_DEACTIVATE, user, StaffDeactivated(user.username, reason))
    return user


def _require_admin(acting_user: Any) -> None:
    if acting_user is OPERATOR:
        return
    if not (
        acting_user is not None
        and acting_user.is_authenticated
        and acting_user.is_active
        and acting_user.has_perm("registry.manage_org")
    ):
        raise PermissionDenied("只有市级管理员可以管理工作人员账号")


def _covers_unit(acting_user: Any, unit: Unit | None) -> bool:
    if acting_user is OPERATOR:
        return True
    if unit is None:
        return False
    towns = list(unit.towns.values_list("code", flat=True)[:1])
    return covers(acting_user, unit.county_id, towns[0] if towns else None)


def _unit(acting_user: Any, code: str) -> Unit:
    unit = Unit.objects.filter(code=(code or "").strip()).first()
    if unit is None or not _covers_unit(acting_user, unit):
        raise ActionError(f"没有编码为 {code or '（空）'} 的单位，或不在您的管辖范围内", field="unit")
    return unit


def _role(role: str, unit: Unit) -> Group:
    if role not in ROLE_NAMES:
        raise ActionError(f"没有名为 {role or '（空）'} 的角色，可选：{'、'.join(ROLE_NAMES)}", field="role")
    if unit.kind not in ROLE_UNIT_KINDS[role]:
        raise ActionError(f"{ROLE_NAMES[role]}不能设在{unit.get_kind_display()}（{unit.name}）", field="role")
    return Group.objects.get(name=role)


def _staff(acting_user: Any, username: str) -> User:
    user = User.objects.select_for_update().filter(username=(username or "").strip()).first()
    if user is None or not _covers_unit(acting_user, user.unit):
        raise NotFound("工作人员账号")
    return user


def _role_of(user: User) -> str:
    return next(iter(user.groups.values_list("name", flat=True)), "")


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ActionError("；".join(exc.messages), field="password") from None


def _audit(acting_user: Any, event: Event, user: User, payload: Payload) -> None:
    actor = None if acting_user is OPERATOR else acting_user
    record(actor=actor, action=event, obj=user, purpose=PURPOSE, detail=payload.detail(), at=clock.now())
