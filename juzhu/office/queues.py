"""The workbench's queues: what waits for this user, each with a working-day countdown.

Overdue items come first and are marked; every queue is limited to the user's
jurisdiction and to what her role may act on.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse

from juzhu.org.jurisdiction import scope_filter
from juzhu.registry.actions.common import rules_context
from juzhu.registry.actions.identity import names_when_moved
from juzhu.registry.models import Permit, PermitApplication, PermitCard, Registration
from juzhu.registry.windows import permits_in_window

SHOWN = 20


@dataclass
class Item:
    title: str
    detail: str
    url: str
    due: datetime.date | None
    days_left: int | None = None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def countdown(self) -> str:
        if self.days_left is None:
            return ""
        if self.days_left < 0:
            return f"已超期 {-self.days_left} 个工作日"
        return "今日到期" if self.days_left == 0 else f"还剩 {self.days_left} 个工作日"


@dataclass
class Queue:
    key: str
    name: str
    total: int
    items: list[Item] = field(default_factory=list)


def queues_for(user) -> list[Queue]:
    ctx = rules_context()
    today, calendar = ctx.today, ctx.calendar

    def countdown(items: list[Item]) -> list[Item]:
        for item in items:
            if item.due:
                item.days_left = calendar.working_days_between(today, item.due)
        return sorted(items, key=lambda i: (i.days_left is None, i.days_left if i.days_left is not None else 0))

    scope = scope_filter(user)
    queues: list[Queue] = []
    if user.has_perm("registry.decide_application") or user.has_perm("registry.receive_application"):
        pending = PermitApplication.objects.filter(scope, status=PermitApplication.Status.ACCEPTED)
        queues.append(Queue("decide", "已受理待审批", pending.count(), countdown([
            Item(a.person.name, f"回执 {a.receipt_number} · {a.get_condition_display()}",
                 f"/applications/{a.pk}/", a.effective_due_date)
            for a in pending.select_related("person").order_by("due_date")[:SHOWN]])))
    if user.has_perm("registry.receive_application"):
        waiting = PermitApplication.objects.filter(scope, status=PermitApplication.Status.INCOMPLETE)
        queues.append(Queue("notice", "已一次性告知待补正", waiting.count(), [
            Item(a.person.name, f"{a.received_on:%Y-%m-%d} 收件 · {a.get_condition_display()}",
                 f"/applications/{a.pk}/", None)
            for a in waiting.select_related("person").order_by("received_on")[:SHOWN]]))
    if user.has_perm("registry.hand_out_card"):
        # Scoped through the join (not "permit IN (the town's permits)"): the few produced
        # cards come first from their partial index, then each is checked against its permit.
        cards = PermitCard.objects.filter(scope_filter(user, "permit__county", "permit__town"),
                                          status=PermitCard.Status.PRODUCED)
        queues.append(Queue("hand_out", "待发放的居住证", cards.count(), countdown([
            Item(c.permit.holder_name, f"居住证 {c.permit.number} · {c.get_kind_display()}",
                 f"/permits/{c.permit_id}/", c.permit.application.effective_due_date
                 if c.kind == PermitCard.Kind.ORIGINAL else None)
            for c in cards.select_related("permit", "permit__application").order_by("produced_on")[:SHOWN]])))
    if user.has_perm("registry.endorse_permit"):
        in_window = permits_in_window(Permit.objects.filter(scope), today)
        items = [Item(p.holder_name, f"居住证 {p.number} · 满1年之日 {p.next_anniversary:%Y-%m-%d}",
                      f"/permits/{p.pk}/", p.next_anniversary) for p in in_window[:SHOWN]]
        queues.append(Queue("endorse", "签注期内", in_window.count(), countdown(items)))
        suspended = Permit.objects.filter(scope, status=Permit.Status.SUSPENDED)
        queues.append(Queue("suspended", "使用功能中止（逾期未签注）", suspended.count(), [
            Item(p.holder_name, f"居住证 {p.number} · 自 {p.suspended_since:%Y-%m-%d} 中止", f"/permits/{p.pk}/", None)
            for p in suspended.order_by("suspended_since")[:SHOWN]]))
    if user.has_perm("registry.register_residence"):
        since = today - datetime.timedelta(days=30)
        late = Registration.objects.filter(scope, late=True, declared_date__gte=since)
        queues.append(Queue("late", "近30日逾期申报的登记", late.count(), [
            Item(r.person.name, f"登记 {r.number} · 应于 {r.due_date:%Y-%m-%d} 前申报，{r.declared_date:%Y-%m-%d} 申报",
                 f"/persons/{r.person_id}/", None)
            for r in late.select_related("person").order_by("-declared_date")[:SHOWN]]))
        moved = Registration.objects.filter(scope, status=Registration.Status.MOVED, move_acknowledged_on__isnull=True)
        shown = list(moved.select_related("person", "moved_to__unit").order_by("cancelled_on")[:SHOWN])
        queues.append(Queue("moved_out", "迁出待知悉（R-27）", moved.count(), [
            Item(name, f"登记 {r.number} · {r.cancelled_on:%Y-%m-%d} 已在{r.moved_to.unit.name}重新登记",
                 reverse("registration_moved", args=[r.pk]), None)
            for r, name in zip(shown, names_when_moved(shown), strict=True)]))
    return queues
