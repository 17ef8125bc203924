"""The online permit application, the station's side (issue 10; Art 11, 12; R-06b, R-08).

The clerk of the station serving the registered address opens the request from the queue
"居民网上申领待受理", opens each uploaded file (a logged read), ticks the materials that are
acceptable and calls the registry's own ``receive_application`` as herself: complete → the
receipt (受理回执) with the issuance date; incomplete → the one-time notice (一次性告知书),
whose list the resident reads online and answers with uploads (``upload_missing``), after
which the clerk completes the same application through ``supplement_materials``.

**The day of receipt is the clerk's day**, not the submission day (the declaration uses the
submission day because Art 9's duty is met by declaring). An application is received and
accepted when the station has checked that the materials are complete (Art 12 "材料齐全的,
应当受理并出具回执"): the uploads are checked by the clerk, and R-06b judges the half year on
the day the application became complete and was accepted. Backdating to the submission day
would also start the 3-working-day issuance period (Art 12) before the station had seen the
file, so a receipt could be born overdue. The resident is protected otherwise: before she
submits, the half year is judged on her day (``submit_application``), and the waiting is the
queue's, which shows the submission time.

**The photo.** The card prints the holder's photo and the issuer cannot approve without one
(``decide_application``, PHOTO_MISSING). When the resident uploaded a picture as 本人相片 and
the clerk finds it fit, ``use_photo`` sets it as the person's photo through the registry's own
``set_person_photo`` (its checks: size, at least 240×300 pixels, re-encoded); otherwise the
photo is taken at the station when she collects the card, as before.
"""

from __future__ import annotations

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.audit.log import record_read
from juzhu.org.models import User
from juzhu.registry.actions import receive_application, set_person_photo, supplement_materials, withdraw_application
from juzhu.registry.actions.checks import clean_text
from juzhu.registry.actions.common import ask_rules, get_scoped, one_moment, require
from juzhu.registry.errors import ActionError, NotFound
from juzhu.registry.events import emit
from juzhu.registry.models import PermitApplication

from ..events import OnlineApplicationReceived, OnlineApplicationReturned
from ..models import RETURN_REASON_LENGTH, RequestUpload, ResidentAccount, ResidentRequest
from .applications import checklist
from .common import AsResident

PHOTO = "photo"


@one_moment
def receive_online_application(
    *,
    acting_user: User,
    request_id: int,
    materials: list[str],
    confirm_not_eligible: bool = False,
    use_photo: bool = False,
) -> ResidentRequest:
    """Receive (or, after a notice, supplement) the application with the ticked materials."""
    require(acting_user, "receive_application")
    moment = clock.now()
    with transaction.atomic():
        request = _open(acting_user, request_id)
        data = request.data
        if data.get("waiting"):
            raise ActionError("已出具一次性告知书，正在等待居民上传补正材料", status=409)
        allowed = {m.code for m in checklist(data["condition"])}
        unknown = sorted(set(materials) - allowed)
        if unknown:
            raise ActionError(f"材料 {'、'.join(unknown)[:40]} 不在该申领条件的材料清单中", field="materials")
        if use_photo:
            _take_photo(acting_user, request, materials)
        ticked = {code: "" for code in materials}
        if data.get("application"):
            application = PermitApplication.objects.get(pk=data["application"])
            have = set(application.materials.values_list("code", flat=True))
            application = supplement_materials(
                acting_user=acting_user,
                application_id=application.pk,
                materials={code: "" for code in ticked if code not in have},
                confirm_not_eligible=confirm_not_eligible,
            )
        else:
            application = receive_application(
                acting_user=acting_user,
                registration_id=data["registration"],
                condition=data["condition"],
                materials=ticked,
                confirm_not_eligible=confirm_not_eligible,
            )
        accepted = application.status == PermitApplication.Status.ACCEPTED
        held = sorted(application.materials.values_list("code", flat=True))
        missing: list[str] = (
            []
            if accepted
            else ask_rules("missing_materials", condition=data["condition"], materials=held).fields["missing"]
        )
        request.data = {**data, "application": application.pk, "waiting": not accepted, "missing": missing}
        fields = ["data"]
        if accepted:
            request.move_to(ResidentRequest.Status.CONFIRMED)
            request.handled_by, request.handled_at = acting_user, moment
            fields += ["status", "handled_by", "handled_at"]
        request.save(update_fields=fields)
        emit(
            Event.ONLINE_APPLICATION_RECEIVE,
            actor=acting_user,
            subject=request,
            person=request.person,
            purpose="受理网上申领",
            moment=moment,
            payload=OnlineApplicationReceived(
                number=request.number,
                application=application.pk,
                accepted=tuple(sorted(ticked)),
                outcome=application.status,
            ),
        )
    return request


@one_moment
def return_online_application(*, acting_user: User, request_id: int, reason: str) -> ResidentRequest:
    """Send the request back with a reason she reads; an application already received on it
    (after a notice) is withdrawn through the registry's own action with the same reason."""
    require(acting_user, "receive_application")
    reason = clean_text(reason, "reason", "退回原因", RETURN_REASON_LENGTH)
    moment = clock.now()
    with transaction.atomic():
        request = _open(acting_user, request_id)
        if request.data.get("application"):
            withdraw_application(acting_user=acting_user, application_id=request.data["application"], reason=reason)
        request.move_to(ResidentRequest.Status.RETURNED)
        request.return_reason = reason
        request.data = {**request.data, "waiting": False}
        request.handled_by, request.handled_at = acting_user, moment
        request.save(update_fields=["status", "return_reason", "data", "handled_by", "handled_at"])
        emit(
            Event.ONLINE_APPLICATION_RETURN,
            actor=acting_user,
            subject=request,
            person=request.person,
            purpose="退回网上申领",
            moment=moment,
            payload=OnlineApplicationReturned(number=request.number, reason=reason),
        )
    return request


def clerk_upload(*, acting_user: User, upload_id: int) -> RequestUpload:
    """One uploaded file for a clerk of the station in whose jurisdiction the request lies
    (elsewhere: 404 like absent); the read is logged on the person's record (R-22). Only the
    intake role opens them (it decides what is acceptable); the issuer decides on the
    registry's record of the materials, as for an application taken at the window."""
    require(acting_user, "receive_application")
    require(acting_user, "view_person_detail")
    upload = get_scoped(
        RequestUpload,
        acting_user,
        "上传的材料",
        county_field="request__county",
        town_field="request__town",
        pk=upload_id,
        request__kind=ResidentRequest.Kind.APPLICATION,
    )
    record_read(
        actor=acting_user,
        action=Event.ONLINE_UPLOAD_VIEW,
        obj=upload.request,
        person_id=upload.request.person_id,
        purpose="审核网上申领材料",
        detail={"upload": upload.pk, "material": upload.material},
    )
    return upload


def own_upload(*, account: ResidentAccount, upload_id: int) -> RequestUpload:
    """One of her own uploaded files (looked up among her own: anyone else's is 404), logged
    as her own read."""
    upload = RequestUpload.objects.filter(pk=upload_id, request__account=account).select_related("request").first()
    if upload is None:
        raise NotFound("上传的材料")
    record_read(
        actor=AsResident(account),
        action=Event.RESIDENT_VIEW_OWN,
        obj=upload.request,
        person_id=account.person_id,
        purpose="查看本人上传的申领材料",
        detail={"upload": upload.pk},
    )
    return upload


def _take_photo(acting_user: User, request: ResidentRequest, materials: list[str]) -> None:
    if PHOTO not in materials:
        raise ActionError("将上传的相片设为本人相片，须先勾选“本人相片”为合格材料", field="use_photo")
    upload = request.uploads.filter(material=PHOTO).exclude(content_type="application/pdf").order_by("-pk").first()
    if upload is None or request.person_id is None:
        raise ActionError("居民没有上传图片格式的本人相片，请在受理窗口采集相片", field="use_photo")
    with upload.file.open("rb") as stored:
        data = stored.read()
    try:
        set_person_photo(acting_user=acting_user, person_id=request.person_id, data=data)
    except ActionError as refused:
        raise ActionError(f"上传的相片不能用作本人相片：{refused.message}", field="use_photo") from None


def _open(acting_user: User, request_id: int) -> ResidentRequest:
    """The online application, locked, inside the clerk's jurisdiction; one already handled: 409."""
    request = get_scoped(
        ResidentRequest, acting_user, "网上申领", lock=True, pk=request_id, kind=ResidentRequest.Kind.APPLICATION
    )
    if request.status != ResidentRequest.Status.SUBMITTED:
        raise ActionError(f"该网上申领已{request.get_status_display()}，不能再次办理", status=409)
    return request
