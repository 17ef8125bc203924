"""The online residence declaration (Art 9, R-03): the form, the deadline, the answer."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from juzhu.registry.context import rules_context
from juzhu.residents.actions import submit_declaration

from ..forms import DeclarationForm
from ..session import resident_required
from .common import run


@resident_required
def declare(request: HttpRequest) -> HttpResponse:
    account = request.resident
    initial = {}
    if account.person_id is not None:  # a bound resident declares for herself only
        person = account.person
        initial = {
            "name": person.name,
            "id_number": person.id_number,
            "ethnicity": person.ethnicity,
            "hukou_division": person.hukou_division_id,
            "hukou_address": person.hukou_address,
        }
    form = DeclarationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and form.command is not None:
        command = form.command  # cleaned into the action's command (juzhu.residents.commands)
        declaration = run(form, lambda: submit_declaration(account_id=account.pk, data=command))
        if declaration is not None:
            late = "（已超过申报期限，按逾期申报办理）" if declaration.late else ""
            messages.success(request, f"申报已提交，编号 {declaration.number}{late}。请等待派出所确认。")
            return redirect("portal:home")
    ctx = rules_context()
    days = ctx.param("registration.deadline_working_days", ctx.today).value
    status = 400 if request.method == "POST" else 200
    # The child rows stay open when she filled one in or one of them is wrong.
    children_open = any(form[name].value() or form[name].errors for name in form.PATHS)
    return render(
        request,
        "portal/declare.html",
        {"form": form, "deadline_days": days, "children_open": children_open},
        status=status,
    )
