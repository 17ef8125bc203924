"""Test fixtures' staff accounts, written directly (not audited, no checks).

The product creates and changes staff through ``juzhu.org.actions`` (audited, city
administrators only); this helper stays for the tests' organisation (tests/factories.py),
which needs accounts before any administrator exists.
"""

from __future__ import annotations

from django.contrib.auth.models import Group

from .models import Unit, User


def create_staff(
    username: str, *, unit_code: str, role: str, password: str | None = None, display_name: str = ""
) -> User:
    unit = Unit.objects.get(code=unit_code)
    user, _ = User.objects.get_or_create(username=username, defaults={"unit": unit, "display_name": display_name})
    user.unit = unit
    user.display_name = display_name or user.display_name
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return user
