"""Residence registration (Art 9) and its cancellation."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from juzhu.audit.events import Event
from juzhu.org.jurisdiction import scope_filter
from juzhu.registry.actions import acknowledge_move, cancel_registration, register_residence
from juzhu.registry.actions.common import rules_context
from juzhu.registry.actions.identity import names_when_moved
from juzhu.registry.actions.persons import read_record
from juzhu.registry.errors import ActionError, IdentityConflict
from juzhu.registry.models import Person, Registration

from ..forms import CancelForm, RegistrationForm
from .common import PURPOSE_KEY, ask_confirmation, confirmed, done, run_action

CANCEL_CONSEQUENCE = (
    "注销后该居住登记即告失效，不能恢复；其上的居住证申领和居住年限不再以此登记为据。"
    "如仍在本地居住，须重新办理居住登记。"
)


@login_required
@permission_required("registry.register_residence", raise_exception=True)
def new(request):
    form = RegistrationForm(request.POST or None, user=request.user)
    conflict = None
    if request.method == "POST" and form.is_valid():

        def register():
            nonlocal conflict
            try:
                # A person outside the measure (R-02a): the command carries only what decides it.
                return register_residence(acting_user=request.user, **form.command.arguments())
            except IdentityConflict as shown:
                conflict = shown
                raise

        registration = run_action(
            request,
            form,
            register,
            fields_map={
                "children[0].name": "child_name",
                "children[0].birth_date": "child_birth_date",
                "children[0].sex": "child_sex",
            },
        )
        if conflict:
            form = _confirming(request, conflict)
        if registration:
            request.session[PURPOSE_KEY.format(registration.person_id)] = "窗口办理居住登记"
            late = "（逾期申报，已标记）" if registration.late else ""
            return done(
                request,
                f"已办理居住登记，登记编号 {registration.number}{late}。",
                reverse("person", args=[registration.person_id]) + f"?printed=registration:{registration.pk}",
            )
    ctx = rules_context()
    outside = json.dumps(ctx.param("identity.documents_out_of_scope", ctx.today).value)
    return render(
        request,
        "office/registration_form.html",
        {
            "form": form,
            "today": ctx.today,
            "out_of_scope_documents": outside,
            "conflict": conflict.details if conflict else None,
        },
    )


def _confirming(request, conflict: IdentityConflict) -> RegistrationForm:
    """The form again, asking to confirm what the action said (R-27): the move box unticked,
    the confirmation bound to what is shown now, the message beside its field."""
    data = request.POST.copy()
    data["confirm_move"], data["confirmation"] = "", conflict.details["confirmation"]
    form = RegistrationForm(data, user=request.user, conflict=conflict.details)
    form.is_valid()
    form.add_error(conflict.field if conflict.field in form.fields else None, conflict.message)
    return form


@login_required
@permission_required("registry.cancel_registration", raise_exception=True)
@require_POST
def cancel(request, registration_id: int):
    form = CancelForm(request.POST)
    registration = None
    if form.is_valid() and not confirmed(request):
        return ask_confirmation(
            request,
            title="注销居住登记",
            button="确认注销",
            consequence=CANCEL_CONSEQUENCE,
            back=_person_page(request, registration_id),
        )
    if form.is_valid():
        registration = run_action(
            request,
            form,
            lambda: cancel_registration(
                acting_user=request.user, registration_id=registration_id, **form.command.arguments()
            ),
            url_record=True,
        )
    if registration:
        # The person leaves the station's jurisdiction with her last registration there: the
        # clerk then lands on the workbench (her page would now answer 404), with the message.
        if Person.objects.filter(scope_filter(request.user), pk=registration.person_id).exists():
            return done(
                request, f"已注销居住登记 {registration.number}。", reverse("person", args=[registration.person_id])
            )
        return done(
            request,
            f"已注销居住登记 {registration.number}。该人员已无本单位管辖范围内的有效登记，其记录不再在本单位显示。",
            reverse("home"),
        )
    return render(
        request,
        "office/error.html",
        {"heading": "未能注销", "message": "；".join(e for errors in form.errors.values() for e in errors)},
        status=400,
    )


def _person_page(request, registration_id: int) -> str:
    """Where "cancel" leads back to; a registration outside the jurisdiction is 404 like absent."""
    from django.http import Http404
    from django.urls import reverse

    from juzhu.org.jurisdiction import scope_filter
    from juzhu.registry.models import Registration

    person_id = (
        Registration.objects.filter(scope_filter(request.user), pk=registration_id)
        .values_list("person_id", flat=True)
        .first()
    )
    if person_id is None:
        raise Http404("居住登记不存在")
    return reverse("person", args=[person_id])


@login_required
@permission_required("registry.register_residence", raise_exception=True)  # the old station's clerks
def moved(request, registration_id: int):
    """The old station's side of a move (R-27): which registration moved, when, to which station.

    Nothing about the person's new residence is shown; acknowledging takes it off the queue.
    """
    if not Registration.objects.filter(
        scope_filter(request.user), pk=registration_id, status=Registration.Status.MOVED
    ).exists():
        raise Http404("居住登记不存在")
    try:
        if request.method == "POST":
            registration = acknowledge_move(acting_user=request.user, registration_id=registration_id)
            return done(request, f"已知悉：居住登记 {registration.number} 已迁出。", reverse("home"))
        registration = read_record(
            acting_user=request.user,
            model=Registration,
            record_id=registration_id,
            what="居住登记",
            action=Event.REGISTRATION_VIEW,
            purpose="处理迁出提醒",
        )
    except ActionError as refused:
        return render(request, "office/error.html", {"message": refused.message}, status=refused.status)
    [name] = names_when_moved([registration])
    return render(request, "office/registration_moved.html", {"registration": registration, "name": name})
