"""Detail reads of registry records: scoped, purpose-bound and logged (R-22).

A record outside the reader's jurisdiction answers exactly like a missing one (404).
"""

from __future__ import annotations

from django.db import transaction

from juzhu.audit.log import record
from juzhu.registry.actions.common import ActionError, get_scoped, require

from .auth import actor


def require_purpose(purpose: str | None) -> str:
    purpose = (purpose or "").strip()
    if not purpose:
        raise ActionError("请填写查看事由", field="purpose")
    return purpose


def read_detail(request, model, pk: int, *, what: str, action: str, purpose: str | None):
    user = actor(request)
    require(user, "view_person_detail")
    purpose = require_purpose(purpose)
    obj = get_scoped(model, user, what, pk=pk)
    with transaction.atomic():
        record(actor=user, action=action, obj=obj, person_id=obj.person_id, purpose=purpose)
    return obj
