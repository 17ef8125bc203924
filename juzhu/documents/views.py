"""Downloading the documents as PDF: login required, jurisdiction-scoped, every print audited.

Outside the user's jurisdiction a document answers 404 exactly like a missing one (R-22);
every download writes an audit entry, since a document carries personal data (Art 25).
A document shows a person's whole record, so printing needs the right to read one
(``view_person_detail``): a supervisor, who sees the city but not persons' records, gets 403.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from juzhu.audit.events import Event
from juzhu.audit.log import record_read
from juzhu.credentials.keys import KeyUnavailable
from juzhu.office.views.errors import error_page
from juzhu.registry.verification import PublicUrlMissing

from .lookup import KINDS, find_document


@require_GET
@login_required
@permission_required("registry.view_person_detail", raise_exception=True)
def download(request, kind: str, pk: int):
    """``GET documents/<kind>/<id>.pdf``: render, audit (document.print), answer application/pdf."""
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404("没有这种文书")
    document = spec.queryset(request.user).filter(pk=pk).first()
    if document is None or not spec.available(document):
        raise Http404(f"{spec.name}不存在")
    try:
        pdf = spec.render(document)  # outside the transaction: rendering takes a moment
    except PublicUrlMissing as missing:  # a card never prints a QR code a phone cannot open
        return error_page(request, 503, missing.message)
    except KeyUnavailable:  # the signing key cannot be opened: never a card without its signature
        return error_page(request, 503, KeyUnavailable.message)
    record_read(
        actor=request.user,
        action=Event.DOCUMENT_PRINT,
        obj=document,
        person_id=document.person_id,
        purpose=f"打印{spec.name}",
        detail={"document": spec.slug, "number": spec.number(document)},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, spec.filename(document))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
@permission_required("registry.view_person_detail", raise_exception=True)
def find(request):
    """``GET documents/find?number=…``: the document a printed number refers to (a redirect to its PDF)."""
    number = request.GET.get("number", "").strip()
    found = find_document(number, user=request.user)
    if found is None:
        raise Http404(
            f"没有找到编号为“{number}”的文书（编号不存在，或不在您的管辖范围内）。" if number else "请输入文书编号。"
        )
    return redirect(reverse("documents:download", args=[found.kind.slug, found.record.pk]))
