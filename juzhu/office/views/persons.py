"""Person search (masked results) and the person page (purpose asked, every read logged)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from juzhu.org.jurisdiction import scope_filter
from juzhu.registry.actions import search_persons, view_person
from juzhu.registry.actions.persons import SEARCH_LIMIT
from juzhu.registry.errors import ActionError, NotFound
from juzhu.registry.models import Permit, PermitApplication, Person, Registration

from ..forms import PurposeForm, SearchForm
from ..timeline import timeline_for
from .common import PURPOSE_KEY, ask_purpose, reading_purpose, run_action

PURPOSES = ["窗口办理业务", "核查登记信息", "办理签注", "办理变更", "回应本人查询"]


@login_required
@permission_required("registry.view_person_detail", raise_exception=True)
def search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        results = run_action(
            request, form, lambda: search_persons(acting_user=request.user, query=form.cleaned_data["q"])
        )
    return render(request, "office/search.html", {"form": form, "results": results, "limit": SEARCH_LIMIT})


@login_required
@permission_required("registry.view_person_detail", raise_exception=True)
def purpose(request, person_id: int):
    # Stating a purpose is the first step of reading: outside the jurisdiction, 404 like absent.
    if not Person.objects.filter(scope_filter(request.user), pk=person_id).exists():
        raise Http404("人员不存在")
    form = PurposeForm(request.POST or None)
    target = request.GET.get("next") or reverse("person", args=[person_id])
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("person", args=[person_id])
    if form.is_valid():
        request.session[PURPOSE_KEY.format(person_id)] = form.cleaned_data["purpose"]
        return redirect(target)
    return render(request, "office/purpose.html", {"form": form, "purposes": PURPOSES})


@login_required
def person(request, person_id: int):
    stated = reading_purpose(request, person_id)
    if not stated:
        # Outside the jurisdiction answers 404 before any purpose is asked: exactly like absent.
        if not Person.objects.filter(scope_filter(request.user), pk=person_id).exists():
            raise Http404("人员不存在")
        return ask_purpose(request, person_id)
    try:
        subject = view_person(acting_user=request.user, person_id=person_id, purpose=stated)
    except NotFound:
        raise Http404("人员不存在") from None
    except ActionError as refused:
        return render(request, "office/error.html", {"message": refused.message}, status=refused.status)
    scope = scope_filter(request.user)
    return render(
        request,
        "office/person.html",
        {
            "person": subject,
            "registrations": Registration.objects.filter(scope, person=subject).order_by("-declared_date", "-id"),
            "applications": PermitApplication.objects.filter(scope, person=subject).order_by("-received_on", "-id"),
            "permits": Permit.objects.filter(scope, person=subject).order_by("-issue_date"),
            "timeline": timeline_for(subject),
            "purpose": stated,
        },
    )
