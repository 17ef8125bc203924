"""The staff the demo records name: one clerk per station, one issuer per county bureau.

An existing active user of the unit with the role is used (so the demo logins appear
on records); otherwise one is created with an unusable password.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from juzhu.org.roles import CLERK, ISSUER

from . import names


@dataclass(frozen=True)
class Staff:
    clerk_of_station: dict[int, int]  # station unit id → user id
    bureau_of_county: dict[str, int]  # county code → county bureau unit id
    issuer_of_county: dict[str, int]  # county code → user id


def _member(unit, role: str):
    return unit.users.filter(is_active=True, groups__name=role).order_by("pk").first()


def _create(unit, role: str, prefix: str):
    """A staff account made by the audited staff action, as the operator (juzhu.org.actions)."""
    from juzhu.org.actions import OPERATOR, assign_staff, create_staff_member
    from juzhu.org.models import User

    username = f"{prefix}_{unit.code}"
    if User.objects.filter(username=username).exists():  # made before, since moved: back to its unit
        return assign_staff(acting_user=OPERATOR, username=username, unit_code=unit.code, role=role)
    rng = random.Random(unit.code)  # the same made-up name for the unit every time
    sex = "male" if rng.random() < 0.6 else "female"
    return create_staff_member(
        acting_user=OPERATOR,
        username=username,
        unit_code=unit.code,
        role=role,
        display_name=names.full_name(rng, sex, rng.randint(1970, 1998)),
    )


def ensure_staff() -> Staff:
    from juzhu.org.models import Unit

    clerks, bureaus, issuers = {}, {}, {}
    for station in Unit.objects.filter(kind=Unit.Kind.STATION).order_by("code"):
        user = _member(station, CLERK) or _create(station, CLERK, "clerk")
        clerks[station.pk] = user.pk
    for bureau in Unit.objects.filter(kind=Unit.Kind.COUNTY_BUREAU).order_by("code"):
        user = _member(bureau, ISSUER) or _create(bureau, ISSUER, "issuer")
        bureaus[bureau.county_id] = bureau.pk
        issuers[bureau.county_id] = user.pk
    return Staff(clerks, bureaus, issuers)
