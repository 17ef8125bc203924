"""A permit holder's online request in the station's queue (issue 10): an address change (Art 14,
at the new town's station) or a reissue / replacement (Art 15): open, confirm, or return."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from juzhu.audit.events import Event
from juzhu.org.models import Division
from juzhu.registry.actions.persons import read_record
from juzhu.registry.errors import ActionError
from juzhu.registry.models import Permit
from juzhu.residents.actions import (
    confirm_address_change,
    confirm_card_request,
    return_address_change,
    return_card_request,
)
from juzhu.residents.actions.holder import CARD_KINDS
from juzhu.residents.models import RETURN_REASON_LENGTH, ResidentRequest

from .common import done, error_holder, run_action
from .errors import error_page


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因（居民可见）", max_length=RETURN_REASON_LENGTH)


def _place(code: str | None, address: str) -> str:
    town = Division.objects.filter(pk=code).first() if code else None
    return f"{town.full_name if town else code or ''} {address}".strip()


@login_required
@permission_required("registry.change_address", raise_exception=True)
def address_change_request(request: HttpRequest, request_id: int) -> HttpResponse:
    def shown(item: ResidentRequest) -> dict[str, str]:
        data = item.data
        return {
            "居住证号码": data.get("permit", ""),
            "原居住地": _place(data.get("old_town"), data.get("old_address", "")),
            "新居住地": _place(data.get("town"), data.get("address", "")),
        }

    return _page(
        request,
        request_id,
        kinds=(ResidentRequest.Kind.ADDRESS_CHANGE,),
        event=Event.ADDRESS_CHANGE_VIEW,
        confirm=lambda: confirm_address_change(acting_user=request.user, request_id=request_id),
        give_back=lambda reason: return_address_change(acting_user=request.user, request_id=request_id, reason=reason),
        shown=shown,
        note="本所为新居住地派出所（第十四条）。请核对居住证原件和新住所后确认；确认即办理居住地址变更登记。"
        "迁往其他县（市、区）的，居民须重新申报居住登记，系统不受理为地址变更。",
        confirm_label="确认并办理居住地址变更",
    )


@login_required
@permission_required("registry.replace_card", raise_exception=True)
def card_request(request: HttpRequest, request_id: int) -> HttpResponse:
    def shown(item: ResidentRequest) -> dict[str, str]:
        permit = Permit.objects.filter(number=item.data.get("permit"), person_id=item.person_id).first()
        cards = permit.cards.order_by("version") if permit else []
        return {
            "事项": item.get_kind_display(),
            "居住证号码": item.data.get("permit", ""),
            "卡片": "；".join(
                f"第{c.version}版 {c.get_kind_display()} {c.get_status_display()}"
                + (f"（{c.void_reason}）" if c.void_reason else "")
                for c in cards
            ),
        }

    def confirm():
        returned = request.POST.get("old_card_returned") == "1"
        return confirm_card_request(acting_user=request.user, request_id=request_id, old_card_returned=returned)

    return _page(
        request,
        request_id,
        kinds=CARD_KINDS,
        event=Event.CARD_REQUEST_VIEW,
        confirm=confirm,
        give_back=lambda reason: return_card_request(acting_user=request.user, request_id=request_id, reason=reason),
        shown=shown,
        note="补领：原证已由居民挂失，即时作废；确认即制作新证。换领：原证在新证制作时作废（R-13a），"
        "须居民到所交回原证后确认（第十五条）。均免收费用（第十六条）。",
        confirm_label="确认并制作新证",
    )


def _page(request, request_id, *, kinds, event, confirm, give_back, shown, note, confirm_label) -> HttpResponse:
    """GET: the request as the resident gave it (the read is logged); POST: confirm or return."""
    return_form = ReturnForm(request.POST if request.POST.get("step") == "return" else None)
    holder = error_holder()
    if request.method == "POST":
        if request.POST.get("step") == "confirm":
            confirmed = run_action(request, holder, confirm, url_record=True)
            if confirmed:
                return done(
                    request, f"已确认网上申请 {confirmed.number}。", reverse("person", args=[confirmed.person_id])
                )
        elif return_form.is_valid():
            returned = run_action(
                request, return_form, lambda: give_back(return_form.cleaned_data["reason"]), url_record=True
            )
            if returned:
                return done(request, f"已退回网上申请 {returned.number}。", reverse("home"))
    if not ResidentRequest.objects.filter(pk=request_id, kind__in=kinds).exists():
        raise Http404("没有这份申请")
    try:
        item = read_record(
            acting_user=request.user,
            model=ResidentRequest,
            record_id=request_id,
            what="网上申请",
            action=event,
            purpose="审核居民网上申请",
        )
    except ActionError as refused:
        return error_page(request, refused.status, refused.message)
    context = {
        "item": item,
        "shown": {
            "姓名": item.person.name if item.person else "",
            **shown(item),
            "联系电话（登录手机）": item.account.phone,
        },
        "note": note,
        "confirm_label": confirm_label,
        "replacement": item.kind == ResidentRequest.Kind.CARD_REPLACEMENT,
        "return_form": return_form,
        "holder": holder,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "office/holder_request.html", context, status=status)
