"""The workbench's queues: what waits for this user, most urgent first, each with its countdown.

Every queue is limited to the user's jurisdiction and to what her role may act on. The
workbench shows the most urgent items of each with the total; the queue's own page
(``/queues/<key>/``) pages through all of them and filters by station, condition and
"overdue only". Urgency is decided by the database: by due date, earliest first (so the
overdue come first, then the soonest due), then the oldest; a queue without due dates
keeps its own order. A new queue is one ``QueueSpec`` passed to ``register`` (the residents'
online requests: ``resident_queues.py``, registered when the app is ready).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Case, F, QuerySet, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from juzhu.org.jurisdiction import covers, scope_filter
from juzhu.org.models import Unit
from juzhu.registry.actions.common import rules_context
from juzhu.registry.actions.identity import names_when_moved
from juzhu.registry.endorsement_windows import permits_in_window
from juzhu.registry.models import Permit, PermitApplication, PermitCard, Registration

SHOWN = 10  # on the workbench, per queue; the queue's page shows the rest
PER_PAGE = 25


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


@dataclass(frozen=True)
class QueueSpec:
    """One queue: who sees it, its rows (scoped, not yet ordered) and how a row reads.

    ``rows(user, today)`` returns a queryset annotated with ``queue_due`` (a date or NULL)
    when ``has_due``; ``order`` breaks ties (and orders a queue without due dates).
    """

    key: str
    name: str
    permissions: tuple[str, ...]  # any one of them
    rows: Callable[[object, datetime.date], QuerySet]
    item: Callable[..., Item]
    order: tuple[str, ...]
    has_due: bool = False
    town_field: str = "town"  # the station filter: records whose town the station serves
    condition_field: str | None = None  # the condition filter (applications)
    page_facts: Callable[[list], list] | None = None  # one fact per row, passed to item(row, fact)

    def items(self, rows) -> list[Item]:
        """A page's items with their countdowns; ``page_facts`` reads for the page at once (no N+1)."""
        rows = list(rows)
        if self.page_facts is None:
            return with_countdown([self.item(row) for row in rows])
        facts = self.page_facts(rows)
        return with_countdown([self.item(row, fact) for row, fact in zip(rows, facts, strict=True)])

    def visible_to(self, user) -> bool:
        return any(user.has_perm(f"registry.{p}") for p in self.permissions)

    def ordered(self, user, today) -> QuerySet:
        rows = self.rows(user, today)
        if self.has_due:
            return rows.order_by(F("queue_due").asc(nulls_last=True), *self.order)
        return rows.order_by(*self.order)


QUEUES: dict[str, QueueSpec] = {}


def register(spec: QueueSpec) -> QueueSpec:
    QUEUES[spec.key] = spec
    return spec


@dataclass
class Filters:
    """What the queue page narrows to; each applies only where the queue has the field."""

    station: str = ""  # a station's unit code
    condition: str = ""
    overdue: bool = False

    def apply(self, spec: QueueSpec, rows: QuerySet, user, today) -> QuerySet:
        if self.station:
            unit = next((u for u in stations_for(user) if u.code == self.station), None)
            towns = [town.code for town in unit.towns.all()] if unit else []
            rows = rows.filter(**{f"{spec.town_field}_id__in": towns})
        if self.condition and spec.condition_field:
            rows = rows.filter(**{spec.condition_field: self.condition})
        if self.overdue and spec.has_due:
            rows = rows.filter(queue_due__lt=today)
        return rows


def stations_for(user) -> list[Unit]:
    """The stations serving a town inside the user's jurisdiction (the station filter's choices)."""
    stations = Unit.objects.filter(kind=Unit.Kind.STATION).prefetch_related("towns").order_by("code")
    return [unit for unit in stations if any(covers(user, unit.county_id, town.code) for town in unit.towns.all())]


def with_countdown(items: list[Item]) -> list[Item]:
    ctx = rules_context()
    for item in items:
        if item.due:
            item.days_left = ctx.calendar.working_days_between(ctx.today, item.due)
    return items


def queues_for(user) -> list[Queue]:
    """The workbench: every queue the user's role sees, its total and its most urgent items."""
    today = rules_context().today
    queues = []
    for spec in QUEUES.values():
        if not spec.visible_to(user):
            continue
        rows = spec.ordered(user, today)
        queues.append(Queue(spec.key, spec.name, rows.count(), spec.items(rows[:SHOWN])))
    return queues


def queue_rows(user, spec: QueueSpec, filters: Filters) -> QuerySet:
    """All of one queue's rows for the user, filtered, most urgent first (for a Paginator)."""
    today = rules_context().today
    return filters.apply(spec, spec.ordered(user, today), user, today)


# --- the queues -------------------------------------------------------------------------------

APPLICATION_DUE = Coalesce("extended_until", "due_date")


def _application_item(a) -> Item:
    return Item(
        a.person.name,
        f"回执 {a.receipt_number} · {a.get_condition_display()}",
        reverse("application", args=[a.pk]),
        a.effective_due_date,
    )


register(
    QueueSpec(
        "decide",
        "已受理待审批",
        ("decide_application", "receive_application"),
        lambda user, today: (
            PermitApplication.objects.filter(scope_filter(user), status=PermitApplication.Status.ACCEPTED)
            .annotate(queue_due=APPLICATION_DUE)
            .select_related("person")
        ),
        _application_item,
        order=("accepted_on", "pk"),
        has_due=True,
        condition_field="condition",
    )
)

register(
    QueueSpec(
        "notice",
        "已一次性告知待补正",
        ("receive_application",),
        lambda user, today: PermitApplication.objects.filter(
            scope_filter(user), status=PermitApplication.Status.INCOMPLETE
        ).select_related("person"),
        lambda a: Item(
            a.person.name,
            f"{a.received_on:%Y-%m-%d} 收件 · {a.get_condition_display()}",
            reverse("application", args=[a.pk]),
            None,
        ),
        order=("received_on", "pk"),
        condition_field="condition",
    )
)


def _cards(user, today) -> QuerySet:
    # Scoped through the join (not "permit IN (the town's permits)"): the few produced
    # cards come first from their partial index, then each is checked against its permit.
    original_due = Coalesce("permit__application__extended_until", "permit__application__due_date")
    return (
        PermitCard.objects.filter(
            scope_filter(user, "permit__county", "permit__town"), status=PermitCard.Status.PRODUCED
        )
        .annotate(queue_due=Case(When(kind=PermitCard.Kind.ORIGINAL, then=original_due), default=None))
        .select_related("permit", "permit__application")
    )


register(
    QueueSpec(
        "hand_out",
        "待发放的居住证",
        ("hand_out_card",),
        _cards,
        lambda c: Item(
            c.permit.holder_name,
            f"居住证 {c.permit.number} · {c.get_kind_display()}",
            reverse("permit", args=[c.permit_id]),
            c.permit.application.effective_due_date if c.kind == PermitCard.Kind.ORIGINAL else None,
        ),
        order=("produced_on", "pk"),
        has_due=True,
        town_field="permit__town",
    )
)

register(
    QueueSpec(
        "endorse",
        "签注期内",
        ("endorse_permit",),
        lambda user, today: permits_in_window(Permit.objects.filter(scope_filter(user)), today).annotate(
            queue_due=F("next_anniversary")
        ),
        lambda p: Item(
            p.holder_name,
            f"居住证 {p.number} · 满1年之日 {p.next_anniversary:%Y-%m-%d}",
            reverse("permit", args=[p.pk]),
            p.next_anniversary,
        ),
        order=("pk",),
        has_due=True,
    )
)

register(
    QueueSpec(
        "suspended",
        "使用功能中止（逾期未签注）",
        ("endorse_permit",),
        lambda user, today: Permit.objects.filter(scope_filter(user), status=Permit.Status.SUSPENDED),
        lambda p: Item(
            p.holder_name,
            f"居住证 {p.number} · 自 {p.suspended_since:%Y-%m-%d} 中止",
            reverse("permit", args=[p.pk]),
            None,
        ),
        order=("suspended_since", "pk"),
    )
)

register(
    QueueSpec(
        "late",
        "近30日逾期申报的登记",
        ("register_residence",),
        lambda user, today: Registration.objects.filter(
            scope_filter(user), late=True, declared_date__gte=today - datetime.timedelta(days=30)
        ).select_related("person"),
        lambda r: Item(
            r.person.name,
            f"登记 {r.number} · 应于 {r.due_date:%Y-%m-%d} 前申报，{r.declared_date:%Y-%m-%d} 申报",
            reverse("person", args=[r.person_id]),
            None,
        ),
        order=("-declared_date", "pk"),
    )
)

register(
    QueueSpec(
        "moved_out",
        "迁出待知悉（R-27）",
        ("register_residence",),
        lambda user, today: Registration.objects.filter(
            scope_filter(user), status=Registration.Status.MOVED, move_acknowledged_on__isnull=True
        ).select_related("person", "moved_to__unit"),
        lambda r, name: Item(
            name,
            f"登记 {r.number} · {r.cancelled_on:%Y-%m-%d} 已在{r.moved_to.unit.name}重新登记",
            reverse("registration_moved", args=[r.pk]),
            None,
        ),
        order=("cancelled_on", "pk"),
        # the name the old station knew (not one given at the new station), for the whole page at once
        page_facts=names_when_moved,
    )
)
