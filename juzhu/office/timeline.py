"""A person's timeline: every event about her that the catalogue (``juzhu.audit.events``)
marks ``on_timeline``, who did it and when, from the audit log, and each change of her
identity data, old → new, masked (R-27).

An entry's ``note`` is rendered from its typed payload (``juzhu.registry.events.payloads``,
read back by ``payload_of``), never by digging in the stored dict: a renamed field fails in
one place, the payload class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from juzhu.audit.events import Event
from juzhu.audit.models import AuditEntry, PendingAuditEntry
from juzhu.audit.payloads import Payload, payload_of
from juzhu.org.models import User
from juzhu.registry.actions.identity import label_of, shown_value
from juzhu.registry.events import payloads as p
from juzhu.registry.models import IdentityChange

DAY = "%Y年%m月%d日"

# What the timeline adds to an event's label, from its payload (events not named: nothing).
NOTES: dict[type[Payload], Callable[[Any], str]] = {
    p.RegistrationCreated: lambda e: "逾期登记" if e.late else "",
    p.RegistrationMoved: lambda e: f"迁至{e.to_unit}",
    p.RegistrationCancelled: lambda e: e.reason,
    p.NoticeGiven: lambda e: f"须补充{len(e.missing)}项材料",
    p.ApplicationAccepted: lambda e: f"回执{e.receipt}，{e.due_date:{DAY}}前发放",
    p.ApplicationApproved: lambda e: f"居住证{e.permit}",
    p.ApplicationRefused: lambda e: "；".join(e.reasons),
    p.IssuanceExtended: lambda e: f"延至{e.until:{DAY}}：{e.reason}",
    p.ApplicationWithdrawn: lambda e: e.reason,
    p.PermitIssued: lambda e: f"居住证{e.number}",
    p.PermitEndorsed: lambda e: "逾期补办" if e.late else "",
    p.PermitSuspended: lambda e: f"签注期{e.window_end:{DAY}}届满" if e.window_end else "",
    p.CardRenewed: lambda e: f"第{e.version}版",
    p.CardReportedLost: lambda e: f"第{e.version}版卡片即时作废（居民挂失）",  # issue 10: cards
}


def note(action: str, detail: dict) -> str:
    """The short note the timeline shows beside an event's label."""
    payload = payload_of(action, detail)
    render = NOTES.get(type(payload)) if payload is not None else None
    return render(payload) if render else ""


def timeline_for(person, limit: int = 200) -> list[dict]:
    """Chained entries and the queued reads not yet chained (a print shows at once)."""
    shown = Event.timeline()
    entries = [
        entry
        for model in (AuditEntry, PendingAuditEntry)
        for entry in model.objects.filter(person_id=person.pk, action__in=shown).order_by("-id")[:limit]
    ]
    changes = list(
        IdentityChange.objects.filter(person=person).select_related("changed_by", "unit").order_by("-id")[:limit]
    )
    names = dict(
        User.objects.filter(pk__in={e.actor_id for e in entries if e.actor_id}).values_list("pk", "display_name")
    )
    events = [
        {
            "at": e.at,
            "what": Event(e.action).label,
            "who": handler(names.get(e.actor_id) or e.actor, e.unit),
            "login": e.actor,
            "unit": e.unit,
            "detail": e.purpose,
            "note": note(e.action, e.detail),
        }
        for e in entries
    ]
    events += [
        {
            "at": c.created_at,
            "login": c.changed_by.username,
            "unit": c.unit.name,
            "detail": c.reason,
            "note": "",
            "who": handler(c.changed_by.display_name or c.changed_by.username, c.unit.name),
            "what": f"更改{label_of(c.field)}：{shown_value(c.field, c.old_value, masked=True)} → "
            f"{shown_value(c.field, c.new_value, masked=True)}（原因：{c.reason}）",
        }
        for c in changes
    ]
    return sorted(events, key=lambda e: e["at"], reverse=True)[:limit]


def handler(name: str, unit: str) -> str:
    """经办人 as a resident would name him: 张警官（老城街道派出所）; the unit is the one he acted for."""
    return f"{name}（{unit}）" if unit else name
