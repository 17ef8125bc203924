"""A person's timeline: every write about her, who did it and when, from the audit log,
and each change of her identity data, old → new, masked (R-27)."""

from __future__ import annotations

from juzhu.audit.models import AuditEntry, PendingAuditEntry
from juzhu.org.models import User
from juzhu.registry.actions.identity import label_of, shown_value
from juzhu.registry.models import IdentityChange

LABELS = {
    "registration.create": "办理居住登记",
    "registration.superseded": "居住登记被新登记取代",
    "registration.moved": "原居住登记迁出（在新居住地重新登记）",
    "registration.move_acknowledged": "原登记单位知悉迁出",
    "registration.cancel": "注销居住登记",
    "application.receive": "收到居住证申领材料",
    "application.notice": "出具一次性告知书",
    "application.supplement": "补充申领材料",
    "application.accept": "受理居住证申领，出具回执",
    "application.approve": "批准居住证申领",
    "application.refuse": "不予批准居住证申领",
    "application.extend": "延长发放期限",
    "application.withdraw": "撤回申领",
    "permit.issue": "签发居住证",
    "card.hand_out": "发放居住证",
    "permit.endorse": "办理签注",
    "permit.suspend": "逾期未签注，居住证使用功能中止",
    "permit.change_address": "居住地址变更",
    "card.replacement": "换领居住证",
    "card.reissue": "补领居住证",
    "document.print": "打印文书",
}


def timeline_for(person, limit: int = 200) -> list[dict]:
    """Chained entries and the queued reads not yet chained (a print shows at once)."""
    entries = [entry for model in (AuditEntry, PendingAuditEntry)
               for entry in model.objects.filter(person_id=person.pk, action__in=list(LABELS)).order_by("-id")[:limit]]
    changes = list(IdentityChange.objects.filter(person=person).select_related("changed_by", "unit")
                   .order_by("-id")[:limit])
    names = dict(User.objects.filter(pk__in={e.actor_id for e in entries if e.actor_id})
                 .values_list("pk", "display_name"))
    events = [{"at": e.at, "what": LABELS[e.action], "who": handler(names.get(e.actor_id) or e.actor, e.unit),
               "login": e.actor, "unit": e.unit, "detail": e.purpose}
              for e in entries]
    events += [{"at": c.created_at, "login": c.changed_by.username, "unit": c.unit.name, "detail": c.reason,
                "who": handler(c.changed_by.display_name or c.changed_by.username, c.unit.name),
                "what": f"更改{label_of(c.field)}：{shown_value(c.field, c.old_value, masked=True)} → "
                        f"{shown_value(c.field, c.new_value, masked=True)}（原因：{c.reason}）"}
               for c in changes]
    return sorted(events, key=lambda e: e["at"], reverse=True)[:limit]


def handler(name: str, unit: str) -> str:
    """经办人 as a resident would name him: 张警官（老城街道派出所）; the unit is the one he acted for."""
    return f"{name}（{unit}）" if unit else name
