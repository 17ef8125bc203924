"""The resident's own pages: home (records, deadlines, documents), inbox, who read my data."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.audit.log import record_read
from juzhu.documents.lookup import KINDS
from juzhu.documents.texts import material_names, remedies
from juzhu.masks import mask_phone
from juzhu.registry.models import Notice, Permit, PermitApplication, Registration
from juzhu.residents import reads
from juzhu.residents.actions import mark_notices_read
from juzhu.residents.actions.common import AsResident
from juzhu.residents.models import ResidentRequest

from ..session import resident_required

# The documents a resident downloads herself (juzhu.documents.lookup.KINDS), and where her own
# ones are found (each record has the person). The card itself is not among them: it is printed
# at the station and handed out there.
OWN_DOCUMENTS = {
    "registration": Registration,
    "receipt": PermitApplication,
    "refusal": PermitApplication,
    "notice": Notice,
    "endorsements": Permit,
}


@require_GET
@resident_required
def home(request: HttpRequest) -> HttpResponse:
    account = request.resident
    reads.log_own_read(account, "查看本人首页")
    declarations = []
    online_applications = []  # issue 10: online applications have their own section
    names = material_names(clock.today())
    for item in reads.requests(account):
        if item.kind == ResidentRequest.Kind.APPLICATION:
            item.missing_names = [names.get(code, code) for code in item.data.get("missing", ())]
            online_applications.append(item)
            continue
        runs = item.status == ResidentRequest.Status.SUBMITTED and not item.late
        if item.kind == ResidentRequest.Kind.ENDORSEMENT:  # her duty is met by asking: no countdown
            declarations.append((item, reads.with_countdown("签注期至", item.due_date, runs=False)))
            continue
        declarations.append((item, reads.with_countdown("居住登记申报期限", item.due_date, runs=runs)))
    applications = [
        (a, reads.with_countdown("发放期限", a.effective_due_date, runs=a.status == PermitApplication.Status.ACCEPTED))
        for a in reads.applications(account)
    ]
    _annotate(applications, names)
    permits = [
        (p, reads.with_countdown("下次签注截止（满1年之日）", p.next_anniversary)) for p in reads.permits(account)
    ]
    return render(
        request,
        "portal/home.html",
        {
            "account": account,
            "masked_phone": mask_phone(account.phone),
            "declarations": declarations,
            "registrations": reads.registrations(account),
            "applications": applications,
            "permits": permits,
            "online_applications": online_applications,
            "unread": reads.unread_count(account),
        },
    )


@require_GET
@resident_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Newest first; each notice stays unread until she marks it (one notice, or all)."""
    account = request.resident
    reads.log_own_read(account, "查看本人消息")
    notices = reads.inbox(account)
    return render(
        request,
        "portal/inbox.html",
        {"items": notices, "unread": sum(1 for n in notices if n.read_at is None)},
    )


@require_POST
@resident_required
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one of her notices read (``notice``), or all of them (none named)."""
    notice = request.POST.get("notice", "")
    if notice and not notice.isdigit():
        raise Http404("没有这条消息")
    mark_notices_read(account_id=request.resident.pk, notice_ids=[int(notice)] if notice else None)
    return redirect("portal:inbox")


@require_GET
@resident_required
def access_log(request: HttpRequest) -> HttpResponse:
    account = request.resident
    reads.log_own_read(account, "查看谁查阅了本人信息")
    return render(request, "portal/access.html", {"accesses": reads.accesses(account)})


@require_GET
@resident_required
def document(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """One of her own documents as PDF; anyone else's answers 404 exactly like a missing one."""
    account = request.resident
    model, spec = OWN_DOCUMENTS.get(kind), KINDS.get(kind)
    if model is None or spec is None or account.person_id is None:
        raise Http404("没有这份文书")
    record = model.objects.filter(pk=pk, person_id=account.person_id).first()
    if record is None or not spec.available(record):
        raise Http404(f"{spec.name}不存在")
    pdf = spec.render(record)
    record_read(
        actor=AsResident(account),
        action=Event.RESIDENT_VIEW_OWN,
        obj=record,
        person_id=account.person_id,
        purpose=f"下载本人的{spec.name}",
        detail={"document": spec.slug, "number": spec.number(record)},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, spec.filename(record))
    response["Cache-Control"] = "no-store"
    return response


def _annotate(applications, names: dict[str, str]) -> None:
    """Each notice's list by name, and a refused application's remedies (the texts of its notice)."""
    for application, _ in applications:
        application.notice_lists = [(n, [names.get(c, c) for c in n.missing]) for n in application.notices.all()]
        if application.status == PermitApplication.Status.REFUSED and application.decided_on:
            application.remedies = remedies(application.county, application.decided_on)
