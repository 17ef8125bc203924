"""Residence registration (Art 9) and its cancellation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from juzhu.org.jurisdiction import scope_filter
from juzhu.registry.actions import cancel_registration, register_residence
from juzhu.registry.actions.common import rules_context
from juzhu.registry.actions.registrations import ChildData, PersonData, RegistrationData
from juzhu.registry.models import Person

from ..forms import CancelForm, RegistrationForm
from .common import PURPOSE_KEY, ask_confirmation, confirmed, done, run_action

CANCEL_CONSEQUENCE = ("注销后该居住登记即告失效，不能恢复；其上的居住证申领和居住年限不再以此登记为据。"
                      "如仍在本地居住，须重新办理居住登记。")


@login_required
def new(request):
    form = RegistrationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        children = []
        if data["child_name"]:
            children.append(ChildData(name=data["child_name"], birth_date=data["child_birth_date"],
                                      sex=data["child_sex"]))
        registration = run_action(request, form, lambda: register_residence(
            acting_user=request.user,
            person=PersonData(id_number=data["id_number"], name=data["name"], ethnicity=data["ethnicity"],
                              hukou_division=data["hukou_division"], hukou_address=data["hukou_address"],
                              phone=data["phone"]),
            residence=RegistrationData(town=data["town"], address=data["address"], arrival_date=data["arrival_date"],
                                       reason=data["reason"], housing=data["housing"], exemption=data["exemption"],
                                       children=children),
        ), fields_map={"children[0].name": "child_name", "children[0].birth_date": "child_birth_date",
                       "children[0].sex": "child_sex"})
        if registration:
            request.session[PURPOSE_KEY.format(registration.person_id)] = "窗口办理居住登记"
            late = "（逾期申报，已标记）" if registration.late else ""
            return done(request, f"已办理居住登记，登记编号 {registration.number}{late}。",
                        f"/persons/{registration.person_id}/?printed=registration:{registration.pk}")
    return render(request, "office/registration_form.html", {"form": form, "today": rules_context().today})


@login_required
@require_POST
def cancel(request, registration_id: int):
    form = CancelForm(request.POST)
    registration = None
    if form.is_valid() and not confirmed(request):
        return ask_confirmation(request, title="注销居住登记", button="确认注销", consequence=CANCEL_CONSEQUENCE,
                                back=_person_page(request, registration_id))
    if form.is_valid():
        registration = run_action(request, form, lambda: cancel_registration(
            acting_user=request.user, registration_id=registration_id, reason=form.cleaned_data["reason"]))
    if registration:
        # The person leaves the station's jurisdiction with her last registration there: the
        # clerk then lands on the workbench (her page would now answer 404), with the message.
        if Person.objects.filter(scope_filter(request.user), pk=registration.person_id).exists():
            return done(request, f"已注销居住登记 {registration.number}。", f"/persons/{registration.person_id}/")
        return done(request, f"已注销居住登记 {registration.number}。该人员已无本单位管辖范围内的有效登记，"
                             "其记录不再在本单位显示。", reverse("home"))
    return render(request, "office/error.html", {"heading": "未能注销", "message": "；".join(
        e for errors in form.errors.values() for e in errors)}, status=400)


def _person_page(request, registration_id: int) -> str:
    """Where "cancel" leads back to; a registration outside the jurisdiction is 404 like absent."""
    from django.http import Http404
    from django.urls import reverse

    from juzhu.org.jurisdiction import scope_filter
    from juzhu.registry.models import Registration

    person_id = (Registration.objects.filter(scope_filter(request.user), pk=registration_id)
                 .values_list("person_id", flat=True).first())
    if person_id is None:
        raise Http404("居住登记不存在")
    return reverse("person", args=[person_id])
