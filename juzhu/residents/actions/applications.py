"""The online permit application, the resident's side (issue 10; Art 10, 11, 12).

A bound resident with an active residence registration picks the condition (Art 10), uploads
the materials of its checklist (Art 11; the catalogue of the parameter ``permit.materials``)
and submits. Before anything is written she is told when the half year of residence in the
county is not reached (R-06a, R-06b: the rules' ``earliest_date``, as the office's intake
asks it), and from which day she may apply. The request lands in the queue of the station
serving her registered address; the clerk's side is ``application_intake``.

After a one-time notice (一次性告知书) she uploads what it lists on the same page
(``upload_missing``), and the request returns to the station's queue.

The request's ``data``: ``condition``, ``registration`` (its id), then, once the clerk has
received it, ``application`` (the registry's ``PermitApplication`` id), ``missing`` (the
notice's codes) and ``waiting`` (true while the station waits for her uploads).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.fields.files import FieldFile

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.registry.actions.applications import eligibility_for
from juzhu.registry.actions.common import one_moment, rules_context
from juzhu.registry.errors import ActionError
from juzhu.registry.events import emit
from juzhu.registry.models import Permit, PermitApplication, Registration
from juzhu.rules.determinations.permit import Material, in_scope_documents, material_catalogue

from ..commands import ApplicationData
from ..events import OnlineApplicationSubmitted, OnlineMaterialsUploaded
from ..models import RequestUpload, ResidentAccount, ResidentRequest
from ..uploads import Checked, check_file, check_totals
from .common import AsResident, town_of

Files = dict[str, list[tuple[str, bytes]]]  # material code → [(file name, content)]
IDENTITY = "identity_document"  # the notice's code for "any identity document" (Art 11, 29)


def checklist(condition: str) -> list[Material]:
    """The materials this condition needs, from the one catalogue (parameter ``permit.materials``):
    every common material (the identity documents are alternatives) and the condition's proof."""
    ctx = rules_context()
    return [m for m in material_catalogue(ctx, ctx.today) if not m.conditions or condition in m.conditions]


def identity_codes() -> set[str]:
    """The identity documents any one of which is the notice's ``identity_document``."""
    ctx = rules_context()
    return set(in_scope_documents(ctx, ctx.today))


def current_registration(account: ResidentAccount) -> Registration | None:
    """Her active registration (the newest), where the application is made (Art 10)."""
    if account.person_id is None:
        return None
    return (
        Registration.objects.filter(person_id=account.person_id, status=Registration.Status.ACTIVE)
        .select_related("town", "county")
        .order_by("-pk")
        .first()
    )


def held_permit(account: ResidentAccount) -> Permit | None:
    """A permit she holds (valid, or suspended until endorsed: Art 13): no second application."""
    if account.person_id is None:
        return None
    return Permit.objects.filter(person_id=account.person_id).exclude(status=Permit.Status.VOID).first()


HOLDS_PERMIT = (
    "您已持有居住证 {number}，无需再次申领：使用功能中止的请办理签注（第十三条），"
    "遗失或损坏的请申请补领或换领（第十五条）"
)


def eligible_from(registration: Registration, condition: str) -> datetime.date | None:
    """The first day the half year in the county is reached (R-06a), judged on today as the
    day of acceptance (R-06b); ``None`` when it is reached already."""
    today = clock.now().date()
    earliest = eligibility_for(registration, condition, today).fields["earliest_date"]
    return earliest if today < earliest else None


@one_moment
def submit_application(*, account_id: int, condition: str, files: Files) -> ResidentRequest:
    """Check everything (the registration, the half year, each file, the totals), then write the
    request, its files and its audit entry in one transaction; a refusal writes nothing."""
    condition = ApplicationData.check(condition=condition).condition
    moment = clock.now()
    account = ResidentAccount.objects.select_related("person").get(pk=account_id)
    if account.person_id is None:
        raise ActionError("请先完成实名绑定，再申领居住证", status=403)
    registration = current_registration(account)
    if registration is None:
        raise ActionError("您在本市没有有效的居住登记，须先申报居住登记，再申领居住证（第十条）", field="condition")
    permit = held_permit(account)
    if permit is not None:
        raise ActionError(HOLDS_PERMIT.format(number=permit.number), field="condition", status=409)
    earliest = eligible_from(registration, condition)
    if earliest is not None:
        raise ActionError(
            f"您在本县（市、区）居住未满半年，自 {earliest:%Y年%m月%d日} 起方可申领居住证（第十条）；请届时再申领",
            field="condition",
        )
    if PermitApplication.objects.filter(
        registration=registration,
        status__in=[PermitApplication.Status.INCOMPLETE, PermitApplication.Status.ACCEPTED],
    ).exists():
        raise ActionError("您已有办理中的居住证申领，请勿重复申领", status=409)
    checked = _checked(files, {m.code: m.name for m in checklist(condition)})
    if not checked:
        raise ActionError("请上传申领材料（至少一个文件）", field="files")
    check_totals(checked)
    with stored_files() as written, transaction.atomic():
        account = ResidentAccount.objects.select_for_update().get(pk=account_id)
        open_one = ResidentRequest.objects.filter(
            account=account, kind=ResidentRequest.Kind.APPLICATION, status=ResidentRequest.Status.SUBMITTED
        ).first()
        if open_one is not None:
            raise ActionError(f"您已有一份待派出所受理的网上申领（编号 {open_one.number}），请勿重复提交", status=409)
        request = ResidentRequest.objects.create(
            account=account,
            person_id=account.person_id,
            kind=ResidentRequest.Kind.APPLICATION,
            county_id=registration.county_id,
            town_id=town_of(registration, "居住登记"),
            data={"condition": condition, "registration": registration.pk, "waiting": False},
            submitted_at=moment,
            submitted_on=moment.date(),
        )
        store(request, checked, moment, written)
        emit(
            Event.ONLINE_APPLICATION_SUBMIT,
            actor=AsResident(account),
            subject=request,
            person=account.person,
            purpose="网上申领居住证",
            moment=moment,
            payload=OnlineApplicationSubmitted(number=request.number, condition=condition, files=len(checked)),
        )
    return request


@one_moment
def upload_missing(*, account_id: int, files: Files) -> ResidentRequest:
    """After the one-time notice: the materials it lists, uploaded on the same page; the request
    goes back to the station's queue, where the clerk supplements the application."""
    moment = clock.now()
    with stored_files() as written, transaction.atomic():
        account = ResidentAccount.objects.select_for_update().get(pk=account_id)
        request = waiting_request(account)
        if request is None:
            raise ActionError("没有等待补正材料的网上申领", status=409)
        wanted = missing_materials(request)
        checked = _checked(files, {m.code: m.name for m in wanted})
        if not checked:
            raise ActionError("请上传告知书所列的材料（至少一个文件）", field="files")
        kept = list(request.uploads.values_list("size", flat=True))
        check_totals(checked, already_files=len(kept), already_bytes=sum(kept))
        store(request, checked, moment, written)
        request.data = {**request.data, "waiting": False}
        request.save(update_fields=["data"])
        emit(
            Event.ONLINE_APPLICATION_SUPPLEMENT,
            actor=AsResident(account),
            subject=request,
            person=account.person,
            purpose="网上补正申领材料",
            moment=moment,
            payload=OnlineMaterialsUploaded(
                number=request.number, materials=tuple(sorted({c.material for c in checked})), files=len(checked)
            ),
        )
    return request


def waiting_request(account: ResidentAccount) -> ResidentRequest | None:
    """Her open online application that waits for her uploads after a notice."""
    return (
        ResidentRequest.objects.filter(
            account=account, kind=ResidentRequest.Kind.APPLICATION, status=ResidentRequest.Status.SUBMITTED
        )
        .filter(data__waiting=True)
        .first()
    )


def missing_materials(request: ResidentRequest) -> list[Material]:
    """The notice's list as materials to upload (``identity_document``: any identity document)."""
    missing = set(request.data.get("missing", ()))
    if IDENTITY in missing:
        missing |= identity_codes()
    return [m for m in checklist(request.data["condition"]) if m.code in missing]


@contextmanager
def stored_files() -> Iterator[list[FieldFile]]:
    """The files written inside the block; all removed again when it fails (the rows roll back
    with the transaction, the files must follow: nothing half-written)."""
    written: list[FieldFile] = []
    try:
        yield written
    except BaseException:
        for stored in written:
            if stored.name:  # set by save(): only saved files are in the list
                stored.storage.delete(stored.name)
        raise


def store(request: ResidentRequest, files: list[Checked], moment: datetime.datetime, written: list[FieldFile]) -> None:
    """Write the files (random names, never the resident's) and their rows."""
    for item in files:
        upload = RequestUpload(
            request=request,
            material=item.material,
            name=item.name,
            content_type=item.content_type,
            size=len(item.data),
            sha256=item.sha256,
            uploaded_at=moment,
        )
        upload.file.save(f"{uuid.uuid4().hex}.{item.extension}", ContentFile(item.data), save=False)
        written.append(upload.file)
        upload.save()


def _checked(files: Files, allowed: dict[str, str]) -> list[Checked]:
    """Every file checked before any is written; a material outside the checklist is refused."""
    checked = []
    for code, items in files.items():
        items = [(name, data) for name, data in items if name or data]
        if not items:
            continue
        if code not in allowed:
            raise ActionError(f"材料 {code[:40]} 不在本次申领的材料清单中", field="files")
        checked += [check_file(material=code, label=allowed[code], name=name, data=data) for name, data in items]
    return checked
