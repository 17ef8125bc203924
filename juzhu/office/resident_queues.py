"""The station's queue of residents' online requests (issue 10): one ``QueueSpec`` per kind.

A request lies in the jurisdiction of the stations serving its town (``scope_filter`` on its
county and town), so it reaches exactly the station of the address the resident declared.
"""

from __future__ import annotations

from django.urls import reverse

from juzhu.org.jurisdiction import scope_filter
from juzhu.registry.models import PermitApplication
from juzhu.residents.models import ResidentRequest

from .queues import Item, QueueSpec, register

ORDER = ("submitted_at", "pk")  # oldest first, in every queue of residents' requests


def submitted(user, *kinds: str):
    """Requests of ``kinds`` waiting for the stations serving their town (``scope_filter`` on the
    request's county and town)."""
    return ResidentRequest.objects.filter(
        scope_filter(user), kind__in=kinds, status=ResidentRequest.Status.SUBMITTED
    ).select_related("town", "person")


def when(r: ResidentRequest) -> str:
    return f"{r.submitted_at:%Y-%m-%d %H:%M} 提交"


register(
    QueueSpec(
        "declarations",
        "居民网上申报待确认",
        ("register_residence",),
        lambda user, today: submitted(user, ResidentRequest.Kind.DECLARATION),
        lambda r: Item(
            r.data.get("name", ""),
            f"网上申报 {r.number} · {r.town.name} · {when(r)}" + (" · 逾期申报" if r.late else ""),
            reverse("declaration", args=[r.pk]),
            None,
        ),
        order=ORDER,
    )
)

# issue 10: online application with uploads. A request waiting for the resident's uploads after
# a one-time notice is hers to answer (``data["waiting"]``, false until then), so it leaves the
# queue until she has uploaded them.
register(
    QueueSpec(
        "online_applications",
        "居民网上申领待受理",
        ("receive_application",),
        lambda user, today: submitted(user, ResidentRequest.Kind.APPLICATION).filter(data__waiting=False),
        lambda r: Item(
            r.person.name if r.person else "",
            f"网上申领 {r.number} · {PermitApplication.Condition(r.data['condition']).label} · {r.town.name} · "
            + when(r)
            + (" · 已补正材料" if r.data.get("application") else ""),
            reverse("online_application", args=[r.pk]),
            None,
        ),
        order=ORDER,
        condition_field="data__condition",
    )
)


# issue 10: cards. An address change waits at the station of the NEW town (Art 14: the request's
# town is the new one); a reissue or replacement at the station of the permit's town.
register(
    QueueSpec(
        "address_changes",
        "居民网上地址变更待确认",
        ("change_address",),
        lambda user, today: submitted(user, ResidentRequest.Kind.ADDRESS_CHANGE),
        lambda r: Item(
            r.person.name if r.person else "",
            f"地址变更 {r.number} · 迁入{r.town.name} · {when(r)}",
            reverse("address_change_request", args=[r.pk]),
            None,
        ),
        order=ORDER,
    )
)
register(
    QueueSpec(
        "card_requests",
        "居民网上补领换领待确认",
        ("replace_card",),
        lambda user, today: submitted(user, ResidentRequest.Kind.CARD_REISSUE, ResidentRequest.Kind.CARD_REPLACEMENT),
        lambda r: Item(
            r.person.name if r.person else "",
            f"{r.get_kind_display()} {r.number} · 居住证 {r.data.get('permit', '')} · {when(r)}",
            reverse("card_request", args=[r.pk]),
            None,
        ),
        order=ORDER,
    )
)


# issue 10: endorsement. The permit's station (the request carries the permit's county and
# town), oldest first; no countdown: the endorsement's date is the submission day whenever
# the clerk confirms (office.md), so the window's end is shown, not counted down.
register(
    QueueSpec(
        "endorsements",
        "居民网上签注待确认",
        ("endorse_permit",),
        lambda user, today: submitted(user, ResidentRequest.Kind.ENDORSEMENT),
        lambda r: Item(
            r.person.name if r.person else "",
            f"网上签注 {r.number} · 居住证 {r.data.get('permit_number', '')} · {r.town.name} · "
            + when(r)
            + (" · 补办签注（逾期）" if r.late else f" · 签注期至 {r.due_date:%Y-%m-%d}" if r.due_date else ""),
            reverse("endorsement", args=[r.pk]),
            None,
        ),
        order=ORDER,
    )
)
