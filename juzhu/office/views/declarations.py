"""A resident's online residence declaration in the station's queue: open, confirm, or return."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from juzhu.audit.events import Event
from juzhu.org.models import Division
from juzhu.registry.actions.persons import read_record
from juzhu.registry.context import rules_context
from juzhu.registry.errors import ActionError, IdentityConflict
from juzhu.registry.models import Person, Registration
from juzhu.registry.models.person import ethnicity_choices
from juzhu.residents.actions import confirm_declaration, return_declaration
from juzhu.residents.models import RETURN_REASON_LENGTH, ResidentRequest

from .common import done, error_holder, run_action
from .errors import error_page


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因（居民可见）", max_length=RETURN_REASON_LENGTH)


@login_required
@permission_required("registry.register_residence", raise_exception=True)
def declaration(request: HttpRequest, request_id: int) -> HttpResponse:
    """GET: the declaration as the resident gave it (the read is logged); POST: confirm or return."""
    return_form = ReturnForm(request.POST if request.POST.get("step") == "return" else None)
    holder = error_holder()
    conflict = None
    if request.method == "POST":
        if request.POST.get("step") == "confirm":

            def confirm():
                nonlocal conflict
                try:
                    return confirm_declaration(
                        acting_user=request.user,
                        request_id=request_id,
                        move=request.POST.get("confirm_move") == "1",
                        identity_reason=request.POST.get("identity_reason", ""),
                        confirmation=request.POST.get("confirmation", ""),
                    )
                except IdentityConflict as shown:  # shown, then confirmed as at the window
                    conflict = shown.details
                    raise

            confirmed = run_action(request, holder, confirm, url_record=True)
            if confirmed:
                number = confirmed.registration.number
                late = "（逾期申报，已标记）" if confirmed.registration.late else ""
                return done(
                    request,
                    f"已确认网上申报，办理居住登记 {number}{late}。",
                    reverse("person", args=[confirmed.registration.person_id])
                    + f"?printed=registration:{confirmed.registration_id}",
                )
        elif return_form.is_valid():
            returned = run_action(
                request,
                return_form,
                lambda: return_declaration(
                    acting_user=request.user, request_id=request_id, reason=return_form.cleaned_data["reason"]
                ),
                url_record=True,
            )
            if returned:
                return done(request, f"已退回网上申报 {returned.number}。", reverse("home"))
    try:
        item = read_record(
            acting_user=request.user,
            model=ResidentRequest,
            record_id=request_id,
            what="网上申报",
            action=Event.DECLARATION_VIEW,
            purpose="审核网上申报",
        )
    except ActionError as refused:
        return error_page(request, refused.status, refused.message)
    data = item.data
    shown = {
        "姓名": data.get("name"),
        "公民身份号码": data.get("id_number"),
        "民族": dict(ethnicity_choices()).get(data.get("ethnicity"), data.get("ethnicity")),
        "户籍地": str(Division.objects.filter(pk=data.get("hukou_division")).first() or data.get("hukou_division")),
        "户籍地址": data.get("hukou_address"),
        "联系电话（登录手机）": item.account.phone,
        "居住地": f"{item.town.full_name} {data.get('address')}",
        "到达居住地日期": data.get("arrival_date"),
        "居住事由": dict(Registration.Reason.choices).get(data.get("reason")),
        "住所类型": dict(Registration.Housing.choices).get(data.get("housing")),
        "免于登记情形": _exemptions().get(data.get("exemption") or "", "无"),
        "随行子女": "；".join(_child(child) for child in data.get("children", [])) or "无",
    }
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "office/declaration.html",
        {"item": item, "shown": shown, "return_form": return_form, "holder": holder, "conflict": conflict},
        status=status,
    )


def _exemptions() -> dict[str, str]:
    ctx = rules_context()
    return ctx.param("registration.exemptions", ctx.today).value


def _child(child: dict) -> str:
    sex = dict(Person.Sex.choices).get(child.get("sex"), "")
    number = f"，{child['id_number']}" if child.get("id_number") else ""
    return f"{child.get('name')}（{sex}，{child.get('birth_date')} 出生{number}）"
