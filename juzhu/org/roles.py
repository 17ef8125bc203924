"""Roles as Django groups, each the least set of permissions its work needs (R-22).

The permission codenames are declared on ``registry.Person`` (Meta.permissions).
``sync_roles`` makes the groups match this table; it runs after every migrate.
"""

from __future__ import annotations

CLERK, ISSUER, CITY_ADMIN, DEPARTMENT_OFFICER, SUPERVISOR = (
    "clerk",
    "issuer",
    "city_admin",
    "department_officer",
    "supervisor",
)

ROLE_NAMES = {
    CLERK: "受理民警/辅警（派出所、社区服务机构）",
    ISSUER: "签发人（县级公安机关）",
    CITY_ADMIN: "市级管理员（市公安局）",
    DEPARTMENT_OFFICER: "部门工作人员",
    SUPERVISOR: "监督人员",
}

ROLE_PERMISSIONS = {
    CLERK: [
        "view_person_detail",
        "register_residence",
        "cancel_registration",
        "receive_application",
        "hand_out_card",
        "endorse_permit",
        "change_address",
        "replace_card",
    ],
    ISSUER: ["view_person_detail", "decide_application", "extend_issuance", "issue_permit"],
    CITY_ADMIN: ["view_person_detail", "view_city", "manage_calendar", "manage_org"],
    DEPARTMENT_OFFICER: ["verify_status"],
    SUPERVISOR: ["view_city", "view_supervision"],
}


# The kind of unit each role may belong to (least privilege, R-22): a clerk works at a station
# or an entrusted organisation, an issuer at a county bureau, and so on. juzhu.org.actions
# refuses any other pairing.
ROLE_UNIT_KINDS = {
    CLERK: ("station", "community_org"),
    ISSUER: ("county_bureau",),
    CITY_ADMIN: ("city_bureau",),
    DEPARTMENT_OFFICER: ("department",),
    SUPERVISOR: ("supervisor",),
}


def sync_roles() -> None:
    from django.contrib.auth.models import Group, Permission

    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.filter(content_type__app_label="registry", codename__in=codenames)
        found = {p.codename for p in permissions}
        missing = set(codenames) - found
        if missing:
            raise RuntimeError(f"permissions not declared: {sorted(missing)}")
        group.permissions.set(permissions)
