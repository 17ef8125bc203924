"""What every office page shows: the warning that the measure's validity ends (R-25a).

City administrators (role 市级管理员, permission ``manage_calendar``) see it on every page
from ``measure.expiry_warning_days`` days before ``measure.valid_until`` (Art 30), and
after the end until a successor's values are entered.
"""

from __future__ import annotations

from juzhu.registry.actions.common import rules_context
from juzhu.rules.validity import expiry_warning


def measure_validity(request) -> dict:
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.has_perm("registry.manage_calendar")):
        return {}
    return {"measure_warning": expiry_warning(rules_context())}
