"""A demo installation: the shipped units, one login per role, synthetic residents.

``load_demo()`` is idempotent: once residents were generated (an audit entry
``demo.generate`` exists) it changes nothing and reports what is there.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.passwords import DEMO_PASSWORD  # the published one (README), given to the demo logins
from juzhu.org.roles import CITY_ADMIN, CLERK, DEPARTMENT_OFFICER, ISSUER, SUPERVISOR

from .generator import DEFAULT_SEED, generate

# username, unit, role, display name
DEMO_LOGINS = (
    # The display name is the person's; the office shows her unit beside it (once).
    ("clerk", "AK-610902-PS01", CLERK, "王静（演示）"),
    ("clerk2", "AK-610902-PS02", CLERK, "刘洋（演示）"),
    ("issuer", "AK-610902", ISSUER, "陈建华（演示）"),
    ("admin", "AK-CITY", CITY_ADMIN, "赵敏（演示）"),
    ("supervisor", "AK-SUP", SUPERVISOR, "孙立新（演示）"),
    ("officer", "AK-DEPT-EDU", DEPARTMENT_OFFICER, "周婷（演示）"),
)


def demo_exists() -> bool:
    from juzhu.audit.models import AuditEntry

    return AuditEntry.objects.filter(action=Event.DEMO_GENERATE).exists()


def _logins() -> list[dict]:
    from juzhu.org.models import Unit

    units = dict(Unit.objects.filter(code__in=[u for _, u, _, _ in DEMO_LOGINS]).values_list("code", "name"))
    return [
        {"username": username, "role": role, "unit": units.get(unit, unit)} for username, unit, role, _ in DEMO_LOGINS
    ]


def _ensure_demo_authenticators() -> None:
    """Each demo login has a demo authenticator (second factor), whose current code
    `juzhu otp demo-code LOGIN` prints; a login that already has one keeps it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from juzhu.org.models import User
    from juzhu.org.second_factor import enrol_demo

    for user in User.objects.filter(username__in=[u for u, _, _, _ in DEMO_LOGINS]):
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            enrol_demo(user)


def _demo_login(username: str, unit: str, role: str, display_name: str, password: str) -> None:
    """One demo login, made by the audited staff actions as the operator; the published demo
    password is set directly, past the password policy that refuses it (juzhu.org.passwords)."""
    from juzhu.org.actions import OPERATOR, assign_staff, create_staff_member
    from juzhu.org.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        user = create_staff_member(
            acting_user=OPERATOR, username=username, unit_code=unit, role=role, display_name=display_name
        )
    else:
        user = assign_staff(acting_user=OPERATOR, username=username, unit_code=unit, role=role)
    user.set_password(password)
    user.save(update_fields=["password"])


def load_demo(
    count: int = 3000,
    today: datetime.date | None = None,
    password: str = DEMO_PASSWORD,
    *,
    seed: int = DEFAULT_SEED,
) -> dict:
    """Prepare the demo; return what was done (counts by state and table, logins)."""
    from juzhu.audit.models import AuditEntry
    from juzhu.org.loading import load_units

    if demo_exists():
        _ensure_demo_authenticators()
        entry = AuditEntry.objects.filter(action=Event.DEMO_GENERATE).order_by("id").first()
        return {"created": False, **entry.detail, "logins": _logins(), "password": password}
    with transaction.atomic():
        units = load_units()
        for username, unit, role, display_name in DEMO_LOGINS:
            _demo_login(username, unit, role, display_name, password)
        _ensure_demo_authenticators()
    summary = generate(count, today=today or clock.today(), seed=seed)
    summary.pop("timing", None)
    return {"created": True, "units": units, **summary, "logins": _logins(), "password": password}
