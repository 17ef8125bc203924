"""A resident's online permit application in the station's queue (issue 10; Art 11, 12): the
condition and the uploads per material, each opened through the logged file view; the clerk
ticks the acceptable materials and receives the application through the registry's own
``receive_application`` (receipt, or the one-time notice the resident answers online), or
returns it with a reason. See ``juzhu.residents.actions.application_intake`` for the day of
receipt (the clerk's) and the photo."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from juzhu.audit.events import Event
from juzhu.registry.actions.persons import read_record
from juzhu.registry.errors import ActionError
from juzhu.registry.models import PermitApplication
from juzhu.residents.actions import clerk_upload, receive_online_application, return_online_application
from juzhu.residents.actions.applications import checklist, identity_codes
from juzhu.residents.models import RETURN_REASON_LENGTH, ResidentRequest
from juzhu.residents.uploads import file_response

from .common import done, run_action
from .errors import error_page


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因（居民可见）", max_length=RETURN_REASON_LENGTH)


@login_required
@permission_required("registry.receive_application", raise_exception=True)
def online_application(request: HttpRequest, request_id: int) -> HttpResponse:
    """GET: the request with its uploads (the read is logged); POST: receive or return."""
    return_form = ReturnForm(request.POST if request.POST.get("step") == "return" else None)
    holder = forms.Form({})
    holder.fields["materials"] = forms.CharField(required=False)
    holder.fields["use_photo"] = forms.CharField(required=False)
    holder.fields["confirm_not_eligible"] = forms.CharField(required=False)
    holder.is_valid()
    if request.method == "POST":
        if request.POST.get("step") == "receive":
            received = run_action(
                request,
                holder,
                lambda: receive_online_application(
                    acting_user=request.user,
                    request_id=request_id,
                    materials=request.POST.getlist("materials"),
                    confirm_not_eligible=request.POST.get("confirm_not_eligible") == "1",
                    use_photo=request.POST.get("use_photo") == "1",
                ),
                url_record=True,
            )
            if received:
                application = PermitApplication.objects.get(pk=received.data["application"])
                if application.status == PermitApplication.Status.ACCEPTED:
                    message = (
                        f"已受理，回执编号 {application.receipt_number}，发放期限 {application.due_date:%Y-%m-%d}。"
                    )
                else:
                    message = "材料不齐全，已出具一次性告知书；居民可在网上看到并上传补正材料。"
                return done(request, message, reverse("application", args=[application.pk]))
        elif return_form.is_valid():
            returned = run_action(
                request,
                return_form,
                lambda: return_online_application(
                    acting_user=request.user, request_id=request_id, reason=return_form.cleaned_data["reason"]
                ),
                url_record=True,
            )
            if returned:
                return done(request, f"已退回网上申领 {returned.number}。", reverse("home"))
    try:
        item = read_record(
            acting_user=request.user,
            model=ResidentRequest,
            record_id=request_id,
            what="网上申领",
            action=Event.APPLICATION_VIEW,
            purpose="审核网上申领",
        )
    except ActionError as refused:
        return error_page(request, refused.status, refused.message)
    if item.kind != ResidentRequest.Kind.APPLICATION:
        raise Http404("网上申领不存在")
    return render(
        request,
        "office/online_application.html",
        {
            "item": item,
            "condition": PermitApplication.Condition(item.data["condition"]).label,
            "materials": _materials(item, request.POST.getlist("materials") if request.method == "POST" else None),
            "application": PermitApplication.objects.filter(pk=item.data.get("application")).first(),
            "return_form": return_form,
            "holder": holder,
            "ask_confirmation": "confirm_not_eligible" in holder.errors,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@login_required
@permission_required("registry.receive_application", raise_exception=True)
def upload_file(request: HttpRequest, upload_id: int) -> HttpResponse:
    """One uploaded file, for a clerk of the station of the request's address (logged); sent as
    an attachment (PDF) or an image, never sniffed by the browser."""
    try:
        upload = clerk_upload(acting_user=request.user, upload_id=upload_id)
    except ActionError as refused:
        return error_page(request, refused.status, refused.message)
    return file_response(upload)  # nosniff, no-store, a PDF as an attachment


def _materials(item: ResidentRequest, ticked: list[str] | None) -> list[dict]:
    """The checklist of the condition, each with its uploads and whether it is ticked."""
    uploads: dict[str, list] = {}
    for upload in item.uploads.order_by("uploaded_at", "pk"):
        uploads.setdefault(upload.material, []).append(upload)
    identity = identity_codes()
    missing = set(item.data.get("missing", ()))
    rows = []
    for material in checklist(item.data["condition"]):
        files = uploads.get(material.code, [])
        if material.code in identity and not files:
            continue  # the identity documents are alternatives: only those she uploaded
        rows.append(
            {
                "code": material.code,
                "name": material.name + ("（有效身份证明）" if material.code in identity else ""),
                "files": files,
                "ticked": material.code in ticked if ticked is not None else False,
                "noticed": material.code in missing or ("identity_document" in missing and material.code in identity),
            }
        )
    return rows
