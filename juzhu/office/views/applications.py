"""Permit applications: intake with the materials checklist, supplement, decision, extension."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.urls import reverse

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.registry.actions import (
    decide_application,
    extend_issuance,
    receive_application,
    supplement_materials,
    withdraw_application,
)
from juzhu.registry.actions.applications import eligibility_for, eligibility_on_acceptance
from juzhu.registry.actions.extensions import extension_closed
from juzhu.registry.models import PermitApplication, Registration

from ..decision_basis import decision_basis
from ..forms import ApplicationForm, DecisionForm, ExtensionForm, SupplementForm, material_catalogue
from .common import ask_confirmation, ask_purpose, confirmed, done, error_holder, run_action
from .records import scoped_record

WITHDRAW_CONSEQUENCE = "撤回后本次申领即告终止，不再审批、不再发放居住证，且不能恢复；申请人如仍需居住证，须重新申领。"


@login_required
@permission_required("registry.receive_application", raise_exception=True)
def new(request, registration_id: int):
    registration, purpose = scoped_record(request, Registration, registration_id, Event.REGISTRATION_VIEW)
    if purpose is None:
        return ask_purpose(request, registration.person_id)
    form = ApplicationForm(request.POST or None, registration_id=registration.pk)
    if request.method == "POST" and form.is_valid():
        application = run_action(
            request, form, lambda: receive_application(acting_user=request.user, **form.command.arguments())
        )
        if application:
            return _after_intake(request, application)
        form.offer_confirmation()
    # R-06a/R-06b: the clerk sees from the start when the half year is reached.
    today = clock.today()
    half_year = eligibility_for(registration, PermitApplication.Condition.EMPLOYMENT, today)
    return render(
        request,
        "office/application_form.html",
        {
            "form": form,
            "registration": registration,
            "residence_since": half_year.facts["residence_since"],
            "eligible_from": half_year.fields["earliest_date"],
            "today": today,
        },
    )


def _after_intake(request, application):
    if application.status == PermitApplication.Status.ACCEPTED:
        early = (
            application.accepted_on
            < eligibility_on_acceptance(application, application.accepted_on).fields["earliest_date"]
        )
        promise = "作出决定（居住未满半年，将不予批准）" if early else "发放"
        return done(
            request,
            f"材料齐全，已受理，回执编号 {application.receipt_number}，"
            f"应于 {application.effective_due_date:%Y-%m-%d} 前{promise}。",
            reverse("application", args=[application.pk]),
        )
    notice = application.notices.order_by("-id").first()
    return done(
        request,
        f"材料不齐全，已出具一次性告知书 {notice.number}，请打印交申请人。",
        reverse("application", args=[application.pk]),
    )


@login_required
def detail(request, application_id: int):
    application, purpose = scoped_record(request, PermitApplication, application_id, Event.APPLICATION_VIEW)
    if purpose is None:
        return ask_purpose(request, application.person_id)
    forms = {
        "supplement": SupplementForm(prefix="s", condition=application.condition),
        "decision": DecisionForm(prefix="d"),
        "action": error_holder(),
        "extension": ExtensionForm(prefix="e"),
    }
    if request.method == "POST":
        step = request.POST.get("step")
        result = _post(request, application, step, forms)
        if result is not None:
            return result
    return render(
        request,
        "office/application.html",
        {
            "application": application,
            "forms": forms,
            "names": {material.code: material.name for material in material_catalogue()},
            "materials": application.materials.order_by("id"),
            "notices": application.notices.order_by("id"),
            "basis": decision_basis(application),
            "extension_closed": extension_closed(application, clock.today()),
            "received": {m.code: m.received_on for m in application.materials.all()},
        },
    )


def _post(request, application, step, forms):
    user = request.user
    if step == "supplement":
        form = forms["supplement"] = SupplementForm(request.POST, prefix="s", condition=application.condition)
        if form.is_valid() and run_action(
            request,
            form,
            lambda: supplement_materials(acting_user=user, application_id=application.pk, **form.command.arguments()),
        ):
            application.refresh_from_db()
            return _after_intake(request, application)
        form.offer_confirmation()
    elif step == "decision":
        form = forms["decision"] = DecisionForm(request.POST, prefix="d")
        if form.is_valid():
            outcome = run_action(
                request,
                form,
                lambda: decide_application(acting_user=user, application_id=application.pk, **form.command.arguments()),
                fields_map={"approve": "approve"},
            )
            if outcome is not None and form.cleaned_data["approve"]:
                return done(
                    request,
                    f"已批准，居住证 {outcome.number} 已签发，待派出所发放。",
                    reverse("permit", args=[outcome.pk]),
                )
            if outcome is not None:
                return done(
                    request, "已作出不予批准决定，请打印不予批准通知书。", reverse("application", args=[application.pk])
                )
    elif step == "extension":
        form = forms["extension"] = ExtensionForm(request.POST, prefix="e")
        if form.is_valid() and run_action(
            request,
            form,
            lambda: extend_issuance(acting_user=user, application_id=application.pk, **form.command.arguments()),
        ):
            return done(
                request,
                f"发放期限已延长至 {form.cleaned_data['until']:%Y-%m-%d}。",
                reverse("application", args=[application.pk]),
            )
    elif step == "withdraw":
        if not confirmed(request):
            return ask_confirmation(
                request, title="撤回居住证申领", button="确认撤回", consequence=WITHDRAW_CONSEQUENCE
            )
        if run_action(
            request,
            forms["action"],
            lambda: withdraw_application(acting_user=user, application_id=application.pk, reason="申请人撤回"),
        ):
            return done(request, "申领已撤回。", reverse("person", args=[application.person_id]))
    return None
