"""The station's queue of residents' online requests (issue 10): one ``QueueSpec`` per kind.

A request lies in the jurisdiction of the stations serving its town (``scope_filter`` on its
county and town), so it reaches exactly the station of the address the resident declared.
"""

from __future__ import annotations

from django.urls import reverse

from juzhu.org.jurisdiction import scope_filter
from juzhu.residents.models import ResidentRequest

from .queues import Item, QueueSpec, register

register(
    QueueSpec(
        "declarations",
        "居民网上申报待确认",
        ("register_residence",),
        # The stations serving the declared town: scope_filter on the request's county and town.
        lambda user, today: ResidentRequest.objects.filter(
            scope_filter(user), kind=ResidentRequest.Kind.DECLARATION, status=ResidentRequest.Status.SUBMITTED
        ).select_related("town"),
        lambda r: Item(
            r.data.get("name", ""),
            f"网上申报 {r.number} · {r.town.name} · {r.submitted_at:%Y-%m-%d %H:%M} 提交"
            + (" · 逾期申报" if r.late else ""),
            reverse("declaration", args=[r.pk]),
            None,
        ),
        order=("submitted_at", "pk"),
    )
)
