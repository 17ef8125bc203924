"""The online permit application (issue 10; Art 10-12): the condition, its checklist, the uploads;
after a one-time notice, the uploads it asks for. Her own uploaded files are sent back through
``own_file`` (looked up among her own, logged)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from juzhu.registry.errors import ActionError
from juzhu.registry.models import PermitApplication
from juzhu.residents.actions import own_upload, submit_application, upload_missing
from juzhu.residents.actions.applications import (
    HOLDS_PERMIT,
    checklist,
    current_registration,
    eligible_from,
    held_permit,
    identity_codes,
    missing_materials,
)
from juzhu.residents.actions.common import policy
from juzhu.residents.models import ResidentRequest
from juzhu.residents.uploads import file_response

from ..forms import ApplicationForm, MissingMaterialsForm
from ..session import resident_required
from .common import run

CONDITIONS = dict(PermitApplication.Condition.choices)


@resident_required
def apply(request: HttpRequest) -> HttpResponse:
    account = request.resident
    if account.person_id is None:
        return redirect("portal:bind")
    registration = current_registration(account)
    open_one = (
        ResidentRequest.objects.filter(
            account=account, kind=ResidentRequest.Kind.APPLICATION, status=ResidentRequest.Status.SUBMITTED
        )
        .prefetch_related("uploads")
        .first()
    )
    permit = held_permit(account)
    context = {
        "registration": registration,
        "open": open_one,
        "limits": _limits(),
        "holds": HOLDS_PERMIT.format(number=permit.number) if permit else "",
    }
    if open_one is not None and open_one.data.get("waiting"):
        return _missing(request, account, open_one, context)
    if registration is None or open_one is not None or permit is not None:
        return render(request, "portal/apply.html", context)
    condition = request.POST.get("condition") or request.GET.get("condition") or ""
    materials = checklist(condition) if condition in CONDITIONS else []
    earliest = eligible_from(registration, condition) if materials else None
    form = ApplicationForm(
        request.POST or None, request.FILES or None, initial={"condition": condition}, materials=materials
    )
    if request.method == "POST" and form.is_valid() and form.command is not None:
        files = _files(form, materials)
        item = run(form, lambda: submit_application(account_id=account.pk, condition=condition, files=files))
        if item is not None:
            messages.success(request, f"申领已提交，编号 {item.number}。请等待派出所核验材料。")
            return redirect("portal:home")
    context.update(
        form=form,
        condition=condition if materials else "",
        condition_name=CONDITIONS.get(condition, ""),
        earliest=earliest,
        identity=identity_codes(),
    )
    return render(request, "portal/apply.html", context, status=400 if request.method == "POST" else 200)


def _missing(request: HttpRequest, account, item: ResidentRequest, context: dict) -> HttpResponse:
    """The notice's list, one file field per material; submitting puts it back in the queue."""
    materials = missing_materials(item)
    form = MissingMaterialsForm(request.POST or None, request.FILES or None, materials=materials)
    if request.method == "POST" and form.is_valid():
        files = _files(form, materials)
        if run(form, lambda: upload_missing(account_id=account.pk, files=files)) is not None:
            messages.success(request, "补正材料已上传，请等待派出所核验。")
            return redirect("portal:home")
    context.update(form=form, waiting=True)
    return render(request, "portal/apply.html", context, status=400 if request.method == "POST" else 200)


def _files(form, materials) -> dict[str, list[tuple[str, bytes]]]:
    """Each material's files as (name, content), read no further than the per-file limit + 1."""
    most = policy("upload_max_bytes") + 1
    return {m.code: [(f.name, f.read(most)) for f in form.cleaned_data.get(f"files_{m.code}") or []] for m in materials}


def _limits() -> dict[str, str]:
    return {
        "file": f"{policy('upload_max_bytes') / 1024 / 1024:g} MB",
        "total": f"{policy('upload_request_max_bytes') / 1024 / 1024:g} MB",
        "count": str(policy("upload_max_files")),
    }


@require_GET
@resident_required
def own_file(request: HttpRequest, upload_id: int) -> HttpResponse:
    """One of her own uploaded files; anyone else's answers 404 exactly like a missing one."""
    try:
        upload = own_upload(account=request.resident, upload_id=upload_id)
    except ActionError:
        raise Http404("上传的材料不存在") from None
    return file_response(upload)
