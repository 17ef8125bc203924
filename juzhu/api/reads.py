"""Detail reads of registry records: scoped, purpose-bound and logged (R-22).

A record outside the reader's jurisdiction answers exactly like a missing one (404).
"""

from __future__ import annotations

from juzhu.audit.events import Event
from juzhu.registry.actions.persons import read_record

from .auth import actor


def read_detail(request, model, pk: int, *, what: str, action: Event, purpose: str | None):
    return read_record(
        acting_user=actor(request), model=model, record_id=pk, what=what, action=action, purpose=purpose or ""
    )
