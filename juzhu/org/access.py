"""A user's permissions and roles in one query, for a request that checks both.

An API request checks a permission (``user.has_perm``: Django's ``ModelBackend`` reads the
user's own permissions, then her groups' permissions, two queries) and then writes an
audit entry naming her roles (``juzhu.audit.log.actor_role``: her groups, a third query).
``load_access`` reads all three in one UNION and leaves them where Django and the audit
log look first (the backend's caches on the user object, ``ROLES_ATTRIBUTE``), so the
request costs one query instead of three and the answers are the same.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import CharField, Value

from juzhu.audit.log import ROLES_ATTRIBUTE
from juzhu.prepared import Prepared


def _access_rows(user_id: int):  # type: ignore[no-untyped-def]
    """(app, codename, group name) of the user's groups' permissions, then ('app', codename, '') of her own."""
    by_group = (
        Group.objects.filter(user__id=user_id)
        .order_by()
        .values_list("permissions__content_type__app_label", "permissions__codename", "name")
    )
    own = (
        Permission.objects.filter(user__id=user_id)
        .order_by()  # Permission's default ordering is not allowed inside a UNION
        .values_list("content_type__app_label", "codename", Value("", output_field=CharField()))
    )
    return by_group.union(own, all=True)


ACCESS_ROWS = Prepared(_access_rows, user_id=int)  # every request asks it: compiled once (juzhu.prepared)


def load_access(user) -> None:  # type: ignore[no-untyped-def]
    """Fill ``user``'s permission caches and roles from one query (a fresh user object only)."""
    if not (user.is_active and user.pk):
        return
    rows = ACCESS_ROWS.rows(user_id=user.pk)
    group_perms = {f"{app}.{code}" for app, code, group in rows if group and code}
    user_perms = {f"{app}.{code}" for app, code, group in rows if not group and code}
    user._user_perm_cache = user_perms
    user._group_perm_cache = group_perms
    user._perm_cache = user_perms | group_perms
    setattr(user, ROLES_ATTRIBUTE, ",".join(sorted({group for _, _, group in rows if group})))


class AccessLoaded:
    """Middleware: a logged-in office user's permissions and roles, read in one query.

    After ``OTPMiddleware`` (the user is known); an anonymous request (the public card
    check) costs nothing. An office page checks a permission and logs a read, like an
    API request (``juzhu.api.auth`` does the same for a token's user).
    """

    def __init__(self, get_response):  # type: ignore[no-untyped-def]
        self.get_response = get_response

    def __call__(self, request):  # type: ignore[no-untyped-def]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            load_access(user)
        return self.get_response(request)
