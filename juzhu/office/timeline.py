"""A person's timeline: every event about her that the catalogue (``juzhu.audit.events``)
marks ``on_timeline``, who did it and when, from the audit log, and each change of her
identity data, old → new, masked (R-27)."""

from __future__ import annotations

from juzhu.audit.events import Event
from juzhu.audit.models import AuditEntry, PendingAuditEntry
from juzhu.org.models import User
from juzhu.registry.actions.identity import label_of, shown_value
from juzhu.registry.models import IdentityChange


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
        }
        for e in entries
    ]
    events += [
        {
            "at": c.created_at,
            "login": c.changed_by.username,
            "unit": c.unit.name,
            "detail": c.reason,
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
