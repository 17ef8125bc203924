"""Endorsing the permit online (Art 13, R-11, R-11a, R-11b): the resident asks, the station confirms.

The resident confirms that she still lives at the registered address, inside the window or
late (a suspended permit); the rules decide which (``juzhu.residents.endorsing.standing``).
The request lands in the queue of the stations serving the permit's current town. The clerk
confirms it through the registry's own ``endorse_permit``, acting as the clerk **as of the
moment the resident submitted** (``clock.frozen(submitted_at)``): she met Art 13's duty when
she asked inside the window, and the station's delay must not suspend her. When the daily job
has meanwhile suspended the permit (the window ended before the clerk got to it), the rules
read the endorsement as made in the window and ``apply_endorsement_state`` restores it, with no
late mark and no restart of continuous residence. A late request is a late endorsement of
its submission day: continuous residence restarts from that day (Art 13 para 3). Or the clerk
returns it with a reason she reads.
"""

from __future__ import annotations

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import User
from juzhu.registry.actions import endorse_permit
from juzhu.registry.actions.checks import clean_text
from juzhu.registry.actions.common import get_scoped, one_moment, require
from juzhu.registry.errors import ActionError, NotFound
from juzhu.registry.events import emit
from juzhu.registry.models import Endorsement, Permit

from ..commands import EndorsementData
from ..endorsing import corroborating_report, standing
from ..events import EndorsementConfirmed, EndorsementReturned, EndorsementSubmitted
from ..models import RETURN_REASON_LENGTH, ResidentAccount, ResidentRequest
from .common import AsResident, town_of

KIND = ResidentRequest.Kind.ENDORSEMENT


@one_moment
def submit_endorsement(*, account_id: int, data: EndorsementData) -> ResidentRequest:
    """Queue her endorsement of one of her own permits, inside the window or late; refused with
    the rules' dates outside the window (first year, already endorsed), for a void permit, and
    while another endorsement request of hers is open."""
    data = EndorsementData.check(**dict(data))
    if not data.confirmed:
        raise ActionError("请勾选确认您仍居住在登记的居住地址", field="confirmed")
    moment = clock.now()
    today = moment.date()
    with transaction.atomic():
        account = ResidentAccount.objects.select_for_update().get(pk=account_id)
        if account.person_id is None:
            raise ActionError("请先完成实名绑定，再办理签注", status=403)
        # Among her own permits only: another's id answers exactly like a missing one.
        permit = Permit.objects.filter(pk=data.permit, person_id=account.person_id).first()
        if permit is None:
            raise NotFound("居住证")
        if data.address != permit.residence_address:
            raise ActionError(
                f"登记的居住地址已变更为“{permit.residence_address}”，请核对后重新确认", field="address", status=409
            )
        found = standing(permit, today)
        if not found.can_submit:
            raise ActionError(found.refusal, field="confirmed", status=409 if found.kind == "endorsed" else 422)
        open_one = ResidentRequest.objects.filter(account=account, kind=KIND, status=ResidentRequest.Status.SUBMITTED)
        if (existing := open_one.first()) is not None:
            raise ActionError(f"您已有一份待派出所确认的签注申请（编号 {existing.number}），请勿重复提交", status=409)
        late = found.kind == "late"
        request = ResidentRequest.objects.create(
            account=account,
            person_id=account.person_id,
            kind=KIND,
            county_id=permit.county_id,
            town_id=town_of(permit, "居住证"),
            data={
                "permit": permit.pk,
                "permit_number": permit.number,
                "address": permit.residence_address,
                "confirmed": True,
                "anniversary": found.anniversary.isoformat() if found.anniversary else None,
                "window_start": found.window_start.isoformat() if found.window_start else None,
                "window_end": found.window_end.isoformat() if found.window_end else None,
                "suspended_since": found.suspended_since.isoformat() if found.suspended_since else None,
                "corroboration": corroborating_report(permit, today),  # None: none exists yet
            },
            submitted_at=moment,
            submitted_on=today,
            due_date=found.window_end,
            late=late,
        )
        # I-16: asked inside the window, the permit is not suspended while the station confirms.
        Permit.objects.filter(pk=permit.pk).update(endorsement_requested_on=today)
        emit(
            Event.ENDORSEMENT_SUBMIT,
            actor=AsResident(account),
            subject=request,
            purpose="网上申请居住证签注",
            moment=moment,
            payload=EndorsementSubmitted(
                number=request.number, permit=permit.number, late=late, window_end=found.window_end
            ),
        )
    return request


@one_moment
def confirm_endorsement(*, acting_user: User, request_id: int) -> ResidentRequest:
    """Endorse through the registry's ``endorse_permit``, as the clerk, as of the submission."""
    require(acting_user, "endorse_permit")
    moment = clock.now()
    with transaction.atomic():
        request = _open(acting_user, request_id)
        done = Endorsement.objects.filter(permit_id=request.data["permit"], date__gte=request.submitted_on).first()
        if done is not None:  # endorsed at the window meanwhile: nothing left to confirm
            raise ActionError(f"该居住证已于 {done.date:%Y-%m-%d} 签注，请退回本申请并说明", status=409)
        with clock.frozen(request.submitted_at):
            try:
                endorsement = endorse_permit(acting_user=acting_user, permit_id=request.data["permit"])
            except NotFound:  # the permit moved to another station's town since she asked (Art 14)
                raise ActionError(
                    "该居住证已不在本单位辖区（居住地址已变更），请退回本申请并说明", status=409
                ) from None
        Permit.objects.filter(pk=endorsement.permit_id).update(endorsement_requested_on=None)  # handled (I-16)
        permit = Permit.objects.get(pk=endorsement.permit_id)
        after = standing(permit, moment.date())
        request.move_to(ResidentRequest.Status.CONFIRMED)
        request.handled_by, request.handled_at = acting_user, moment
        request.data = {**request.data, "endorsement": endorsement.pk, "endorsed_on": endorsement.date.isoformat()}
        request.save(update_fields=["status", "handled_by", "handled_at", "data"])
        emit(
            Event.ENDORSEMENT_CONFIRM,
            actor=acting_user,
            subject=request,
            person=request.person,
            purpose="确认网上签注申请",
            moment=moment,
            payload=EndorsementConfirmed(
                number=request.number,
                permit=permit.number,
                date=endorsement.date,
                late=endorsement.late,
                next_window_start=after.window_start,
                next_window_end=after.window_end,
            ),
        )
    return request


@one_moment
def return_endorsement(*, acting_user: User, request_id: int, reason: str) -> ResidentRequest:
    """Send it back with a reason she reads (inbox, SMS); she may ask again or go to the station."""
    require(acting_user, "endorse_permit")
    reason = clean_text(reason, "reason", "退回原因", RETURN_REASON_LENGTH)
    with transaction.atomic():
        request = _open(acting_user, request_id)
        moment = clock.now()
        request.move_to(ResidentRequest.Status.RETURNED)
        request.return_reason = reason
        request.handled_by, request.handled_at = acting_user, moment
        request.save(update_fields=["status", "return_reason", "handled_by", "handled_at"])
        # No longer waiting (I-16): past the window, the next daily run suspends the permit.
        Permit.objects.filter(pk=request.data["permit"]).update(endorsement_requested_on=None)
        emit(
            Event.ENDORSEMENT_RETURN,
            actor=acting_user,
            subject=request,
            person=request.person,
            purpose="退回网上签注申请",
            moment=moment,
            payload=EndorsementReturned(
                number=request.number, permit=request.data.get("permit_number", ""), reason=reason
            ),
        )
    return request


def _open(acting_user: User, request_id: int) -> ResidentRequest:
    """The endorsement request, locked, inside the clerk's jurisdiction; one already handled: 409."""
    request = get_scoped(ResidentRequest, acting_user, "网上签注申请", lock=True, pk=request_id, kind=KIND)
    if request.status != ResidentRequest.Status.SUBMITTED:
        raise ActionError(f"该签注申请已{request.get_status_display()}，不能再次办理", status=409)
    return request
