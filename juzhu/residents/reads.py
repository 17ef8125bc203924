"""What a signed-in resident may read: her own records, inbox and access log, nothing else.

Every query starts from the account (``account.person`` once bound): there is no id in a
URL that could name someone else's record (a document id is looked up among her own). Each
page view is itself logged as the resident's read of her own data (``resident.view_own``),
which "who read my data" leaves out: she reads it, nobody else did.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from juzhu.audit.events import Event, as_event
from juzhu.audit.log import record_read
from juzhu.audit.models import AuditEntry, PendingAuditEntry
from juzhu.notify.models import Notification
from juzhu.org.roles import ROLE_NAMES
from juzhu.registry.context import rules_context
from juzhu.registry.models import Permit, PermitApplication, Registration

from .actions.common import AsResident
from .actions.inbox import inbox_notices
from .models import RESIDENT_ACTOR, ResidentAccount, ResidentRequest


@dataclass
class Deadline:
    """A date that matters to the resident, with the working days left where one runs."""

    label: str
    due: datetime.date
    days_left: int | None = None

    @property
    def countdown(self) -> str:
        if self.days_left is None:
            return ""
        if self.days_left < 0:
            return f"已超过 {-self.days_left} 个工作日"
        return "今日到期" if self.days_left == 0 else f"还剩 {self.days_left} 个工作日"


def with_countdown(label: str, due: datetime.date | None, *, runs: bool = True) -> Deadline | None:
    """``runs``: the deadline is still open (a countdown is shown), else the date alone."""
    if due is None:
        return None
    ctx = rules_context()
    return Deadline(label, due, ctx.calendar.working_days_between(ctx.today, due) if runs else None)


def log_own_read(account: ResidentAccount, what: str) -> None:
    """The resident's own read of her data, logged like every read of personal data (R-22)."""
    record_read(
        actor=AsResident(account),
        action=Event.RESIDENT_VIEW_OWN,
        obj=account,
        person_id=account.person_id,
        purpose=what,
    )


def requests(account: ResidentAccount) -> list[ResidentRequest]:
    return list(account.requests.select_related("town", "registration").order_by("-submitted_at"))


def registrations(account: ResidentAccount) -> list[Registration]:
    if account.person_id is None:
        return []
    return list(Registration.objects.filter(person_id=account.person_id).select_related("unit", "town").order_by("-pk"))


def applications(account: ResidentAccount) -> list[PermitApplication]:
    if account.person_id is None:
        return []
    return list(
        PermitApplication.objects.filter(person_id=account.person_id).prefetch_related("notices").order_by("-pk")
    )


def permits(account: ResidentAccount) -> list[Permit]:
    if account.person_id is None:
        return []
    return list(Permit.objects.filter(person_id=account.person_id).select_related("issuing_unit").order_by("-pk"))


def inbox(account: ResidentAccount) -> list[Notification]:
    return list(inbox_notices(account))


def unread_count(account: ResidentAccount) -> int:
    return inbox_notices(account).filter(read_at__isnull=True).count()


@dataclass
class Access:
    """One read or change of the resident's record as she may see it: no officer's name."""

    at: datetime.datetime
    unit: str
    role: str
    action: str
    purpose: str
    is_read: bool


def accesses(account: ResidentAccount, limit: int = 500) -> list[Access]:
    """Audited reads and changes of her record (chained and still queued), newest first.

    Her own entries are left out (she did them); so is who acted: the unit and the role
    say enough for her to ask the unit, and the officer's name is not hers to know.
    """
    declarations = [str(pk) for pk in account.requests.values_list("pk", flat=True)]
    about = Q(object_type=ResidentRequest._meta.label, object_id__in=declarations)
    if account.person_id is not None:
        about |= Q(person_id=account.person_id)
    rows: list[Mapping[str, Any]] = []
    for model in (AuditEntry, PendingAuditEntry):
        rows += list(
            model.objects.filter(about)
            .exclude(actor=account.username)
            .order_by("-at")
            .values("at", "actor", "unit", "role", "action", "purpose")[:limit]
        )
    rows.sort(key=lambda row: row["at"], reverse=True)
    return [_access(row) for row in rows[:limit]]


def _access(row: Mapping[str, Any]) -> Access:
    try:
        event = as_event(row["action"])
        label, is_read = event.label, event.read
    except ValueError:
        label, is_read = row["action"], False
    roles = "、".join(ROLE_NAMES.get(role, role) for role in row["role"].split(",") if role)
    # Another account's binding attempt with her ID number (logged on her record) has no unit.
    unit = row["unit"] or ("居民自助服务（他人账户）" if row["actor"].startswith(RESIDENT_ACTOR) else "系统")
    return Access(row["at"], unit, roles or "—", label, row["purpose"], is_read)
