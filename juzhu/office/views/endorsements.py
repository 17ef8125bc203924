"""A resident's online endorsement (Art 13) in the station's queue: open, confirm, or return."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.registry.actions.persons import read_record
from juzhu.registry.errors import ActionError
from juzhu.registry.models import Permit
from juzhu.residents.actions import confirm_endorsement, return_endorsement
from juzhu.residents.endorsing import standing
from juzhu.residents.models import RETURN_REASON_LENGTH, ResidentRequest

from .common import done, error_holder, run_action
from .errors import error_page


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因（居民可见）", max_length=RETURN_REASON_LENGTH)


@login_required
@permission_required("registry.endorse_permit", raise_exception=True)
def endorsement(request: HttpRequest, endorsement_id: int) -> HttpResponse:
    """GET: the permit, the registered address, what she confirmed, the window (the read is
    logged); POST: confirm (the registry's ``endorse_permit``, as of her submission) or return."""
    if not ResidentRequest.objects.filter(pk=endorsement_id, kind=ResidentRequest.Kind.ENDORSEMENT).exists():
        raise Http404("网上签注申请不存在")
    return_form = ReturnForm(request.POST if request.POST.get("step") == "return" else None)
    holder = error_holder()
    if request.method == "POST":
        if request.POST.get("step") == "confirm":
            confirmed = run_action(
                request,
                holder,
                lambda: confirm_endorsement(acting_user=request.user, request_id=endorsement_id),
                url_record=True,
            )
            if confirmed:
                day = confirmed.data["endorsed_on"]
                return done(
                    request,
                    f"已确认网上签注申请 {confirmed.number}，签注日期 {day}（居民提交之日）。",
                    reverse("permit", args=[confirmed.data["permit"]]),
                )
        elif return_form.is_valid():
            returned = run_action(
                request,
                return_form,
                lambda: return_endorsement(
                    acting_user=request.user, request_id=endorsement_id, reason=return_form.cleaned_data["reason"]
                ),
                url_record=True,
            )
            if returned:
                return done(request, f"已退回网上签注申请 {returned.number}。", reverse("home"))
    try:
        item = read_record(
            acting_user=request.user,
            model=ResidentRequest,
            record_id=endorsement_id,
            what="网上签注申请",
            action=Event.ENDORSEMENT_VIEW,
            purpose="审核网上签注申请",
        )
    except ActionError as refused:
        return error_page(request, refused.status, refused.message)
    permit = Permit.objects.filter(pk=item.data.get("permit")).select_related("town").first()
    now = standing(permit, clock.today()) if permit else None
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "office/endorsement.html",
        {
            "item": item,
            "permit": permit,
            "data": item.data,
            "now": now,
            "return_form": return_form,
            "holder": holder,
        },
        status=status,
    )
