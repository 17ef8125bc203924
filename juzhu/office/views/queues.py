"""One queue of the workbench in full: paged, most urgent first, filtered (station, condition, overdue)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from juzhu.registry.models import PermitApplication

from ..queues import PER_PAGE, QUEUES, Filters, queue_rows, stations_for


class QueueFilterForm(forms.Form):
    station = forms.ChoiceField(label="派出所", required=False)
    condition = forms.ChoiceField(
        label="申领条件", required=False, choices=[("", "全部"), *PermitApplication.Condition.choices]
    )
    overdue = forms.BooleanField(label="只看已超期", required=False)

    def __init__(self, data, *, spec, stations):
        super().__init__(data)
        self.fields["station"].choices = [("", "全部")] + [(u.code, u.name) for u in stations]
        if len(stations) < 2:
            del self.fields["station"]  # a station's own queue: nothing to choose
        if not spec.condition_field:
            del self.fields["condition"]
        if not spec.has_due:
            del self.fields["overdue"]

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            station=data.get("station") or "", condition=data.get("condition") or "", overdue=bool(data.get("overdue"))
        )


@login_required
def queue(request, key: str):
    spec = QUEUES.get(key)
    if spec is None:
        raise Http404("没有这个待办队列")
    if not spec.visible_to(request.user):  # the role has no such work anywhere (least privilege)
        raise PermissionDenied("您的角色没有这个待办队列")
    stations = list(stations_for(request.user))
    form = QueueFilterForm(request.GET, spec=spec, stations=stations)
    filters = form.filters()
    page = Paginator(queue_rows(request.user, spec, filters), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "office/queue.html",
        {
            "spec": spec,
            "form": form,
            "page": page,
            "items": spec.items(page.object_list),
            "filtered": filters != Filters(),
            "query": query.urlencode(),
        },
    )
