"""Downloading the documents as PDF: login required, jurisdiction-scoped, every print audited.

Outside the user's jurisdiction a document answers 404 exactly like a missing one (R-22);
every download writes an audit entry, since a document carries personal data (Art 25).
A document shows a person's whole record, so printing needs the right to read one
(``view_person_detail``): a supervisor, who sees the city but not persons' records, gets 403.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from juzhu.audit.log import record_read

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
    pdf = spec.render(document)  # outside the transaction: rendering takes a moment
    with transaction.atomic():
        record_read(actor=request.user, action="document.print", obj=document, person_id=document.person_id,
                    purpose=f"打印{spec.name}", detail={"document": spec.slug, "number": spec.number(document)})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, spec.filename(document))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
@permission_required("registry.view_person_detail", raise_exception=True)
def find(request):
    """``GET documents/find?number=…``: the document a printed number refers to (a redirect to its PDF)."""
    found = find_document(request.GET.get("number", ""), user=request.user)
    if found is None:
        raise Http404("没有找到该编号的文书")
    return redirect(reverse("documents:download", args=[found.kind.slug, found.record.pk]))
