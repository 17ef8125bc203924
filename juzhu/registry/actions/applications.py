"""Permit applications: intake, one-time notice, acceptance, withdrawal (Art 10-12); the decision is
``decisions``, the extension of the issuance deadline ``extensions``."""

from __future__ import annotations

import datetime

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import User
from juzhu.rules.decision import Decision
from juzhu.rules.determinations.permit import material_codes

from ..commands import ReceiveApplication, SupplementMaterials, WithdrawApplication
from ..commands.applications import as_list
from ..events import emit
from ..events import payloads as p
from ..models import ApplicationMaterial, Notice, PermitApplication, Registration
from ..numbers import document_number
from ..residence import residence_in_county_since
from ..text_rules import MATERIAL_ISSUER
from .common import ActionError, ask_rules, get_scoped, next_number, one_moment, require, rules_context


@one_moment
def receive_application(
    *,
    acting_user: User,
    registration_id: int,
    condition: str,
    materials: dict[str, str],
    confirm_not_eligible: bool = False,
) -> PermitApplication:
    """Take an application with the materials received (code → who issued it).

    Complete: accepted, with a receipt number and the issuance due date.
    Incomplete: one notice listing everything missing (Art 12).
    Complete but the half year not reached on the acceptance date: see ``_warn_early``.
    """
    require(acting_user, "receive_application")
    command = ReceiveApplication.check(
        registration_id=registration_id,
        condition=condition,
        materials=as_list(materials),
        confirm_not_eligible=confirm_not_eligible,
    )
    condition, materials = command.condition, command.arguments()["materials"]
    with transaction.atomic():
        registration = get_scoped(Registration, acting_user, "居住登记", lock=True, pk=registration_id)
        if registration.status != Registration.Status.ACTIVE:
            raise ActionError("该居住登记已注销，不能申领居住证", field="registration")
        if PermitApplication.objects.filter(
            registration=registration,
            status__in=[PermitApplication.Status.INCOMPLETE, PermitApplication.Status.ACCEPTED],
        ).exists():
            raise ActionError("该居住登记已有办理中的申领（请勿重复提交）", field="registration", status=409)
        now = clock.now()
        received = now.date()
        application = PermitApplication.objects.create(  # type: ignore[misc]  # a unit: get_scoped() found it
            person_id=registration.person_id,
            county_id=registration.county_id,
            town_id=registration.town_id,
            registration=registration,
            condition=condition,
            status=PermitApplication.Status.INCOMPLETE,
            unit=acting_user.unit,
            received_on=received,
        )
        emit(
            Event.APPLICATION_RECEIVE,
            actor=acting_user,
            subject=application,
            purpose="居住证申领",
            moment=now,
            payload=p.ApplicationReceived(condition=condition),
        )
        _add_materials(application, materials, received)
        _check_completeness(acting_user, application, now, confirmed=confirm_not_eligible)
    return application


@one_moment
def supplement_materials(
    *, acting_user: User, application_id: int, materials: dict[str, str], confirm_not_eligible: bool = False
) -> PermitApplication:
    """The applicant brings what the notice asked for; accept when complete."""
    require(acting_user, "receive_application")
    command = SupplementMaterials.check(materials=as_list(materials), confirm_not_eligible=confirm_not_eligible)
    materials = command.arguments()["materials"]
    with transaction.atomic():
        application = get_scoped(PermitApplication, acting_user, "申领", lock=True, pk=application_id)
        if application.status != PermitApplication.Status.INCOMPLETE:
            raise ActionError("该申领不在补充材料阶段（可能已补齐受理，请勿重复提交）", status=409)
        if materials and set(materials) <= set(application.materials.values_list("code", flat=True)):
            raise ActionError("所交材料均已收取，请勿重复提交", field="materials", status=409)
        now = clock.now()
        _add_materials(application, materials, now.date())
        emit(
            Event.APPLICATION_SUPPLEMENT,
            actor=acting_user,
            subject=application,
            purpose="居住证申领",
            moment=now,
            payload=p.MaterialsSupplemented(materials=tuple(sorted(materials))),
        )
        _check_completeness(acting_user, application, now, confirmed=confirm_not_eligible)
    return application


def _add_materials(application: PermitApplication, materials: dict[str, str], on: datetime.date) -> None:
    known = set(_material_codes())
    unknown = sorted(set(materials) - known)
    if unknown:
        raise ActionError(f"未知的材料类别：{'、'.join(unknown)}", field="materials")
    issuers = {
        code: MATERIAL_ISSUER.check(issuer, f"materials.{code}", required=False) for code, issuer in materials.items()
    }
    have = set(application.materials.values_list("code", flat=True))
    ApplicationMaterial.objects.bulk_create(
        [
            ApplicationMaterial(
                application=application, person_id=application.person_id, code=code, issuer=issuer, received_on=on
            )
            for code, issuer in issuers.items()
            if code not in have
        ]
    )


def _material_codes() -> list[str]:
    ctx = rules_context()
    return material_codes(ctx, ctx.today)


def _check_completeness(
    acting_user: User, application: PermitApplication, now: datetime.datetime, *, confirmed: bool
) -> None:
    have = sorted(application.materials.values_list("code", flat=True))
    check = ask_rules("missing_materials", condition=application.condition, materials=have)
    if check.outcome == "complete":
        warning = _warn_early(application, now.date(), confirmed)
        _accept(acting_user, application, now, warning)
        return
    missing = check.fields["missing"]
    earlier = list(application.notices.order_by("given_on", "id"))
    if earlier:
        # The one-time notice is frozen: a later notice may not ask for anything that
        # was already required when an earlier notice was given (Art 12, R-08).
        already = set().union(*(set(n.missing) for n in earlier))
        if set(missing) <= already:
            return  # still waiting for what the notice already listed
        raise ActionError(
            "一次性告知书已发出，不得再告知此前应当一并告知的材料：" + "、".join(sorted(set(missing) - already)),
            field="materials",
        )
    number = next_number("notice", application.county_id, application.received_on.year)
    notice = Notice.objects.create(
        application=application,
        person_id=application.person_id,
        number=document_number("notice", application.county_id, application.received_on.year, number),
        given_on=now.date(),
        condition=application.condition,
        missing=missing,
        given_by=acting_user,
    )
    emit(
        Event.APPLICATION_NOTICE,
        actor=acting_user,
        subject=notice,
        person=application.registration.person,
        purpose="一次性告知",
        moment=now,
        payload=p.NoticeGiven(missing=tuple(missing), reasons=tuple(check.reasons)),
    )


def eligibility_on_acceptance(application: PermitApplication, accepted: datetime.date) -> Decision:
    """The rules' answer on the acceptance date, from residence in the county (R-06a, R-06b)."""
    return eligibility_for(application.registration, application.condition, accepted, application.received_on)


def eligibility_for(
    registration: Registration, condition: str, accepted: datetime.date, lodged: datetime.date | None = None
) -> Decision:
    """Would an application on this registration be eligible if accepted on ``accepted``?"""
    return ask_rules(
        "permit_eligibility",
        residence_since=residence_in_county_since(registration),
        application_date=lodged or accepted,
        acceptance_date=accepted,
        conditions=[condition],
    )


def _warn_early(application: PermitApplication, today: datetime.date, confirmed: bool) -> str:
    """R-06b: before anything is accepted, say when the half year is reached.

    Art 12 obliges the station to accept complete materials (应当受理), so the action
    cannot refuse them; but a receipt promising issuance within 3 working days to
    someone who must be refused misleads the applicant. The clerk is therefore stopped
    with the date from which the person is eligible; the applicant usually comes back
    then, and one who insists is accepted after the clerk confirms (``confirm_not_eligible``),
    with the warning kept in the audit entry and the receipt. Nothing is written before.
    """
    eligibility = eligibility_on_acceptance(application, today)
    earliest = eligibility.fields["earliest_date"]
    if today >= earliest:
        return ""
    warning = (
        f"申请人在本县（市、区）居住至今日（受理之日 {today:%Y年%m月%d日}）未满半年，"
        f"自 {earliest:%Y年%m月%d日} 起方符合申领条件（第十条；按受理之日判断）。"
        "现在受理将不予批准，请告知申请人届时再来申领"
    )
    if not confirmed:
        raise ActionError(
            warning + "；申请人坚持现在申领的，确认已告知后再提交。", field="confirm_not_eligible", status=409
        )
    return warning


def _accept(acting_user: User, application: PermitApplication, now: datetime.datetime, warning: str = "") -> None:
    accepted = now.date()
    deadline = ask_rules("issuance_deadline", acceptance_date=accepted)
    serial = next_number("receipt", application.county_id, accepted.year)
    application.move_to(PermitApplication.Status.ACCEPTED)
    application.receipt_number = document_number("receipt", application.county_id, accepted.year, serial)
    application.accepted_on = accepted
    application.due_date = deadline.fields["due_date"]
    application.extension_limit = deadline.fields["extended_limit"]
    application.provisional = deadline.fields["provisional"]
    application.save()
    emit(
        Event.APPLICATION_ACCEPT,
        actor=acting_user,
        subject=application,
        person=application.registration.person,
        purpose="受理居住证申领",
        moment=now,
        payload=p.ApplicationAccepted(
            receipt=application.receipt_number, due_date=application.due_date, warned_not_eligible=warning
        ),
    )


@one_moment
def withdraw_application(*, acting_user: User, application_id: int, reason: str = "") -> PermitApplication:
    require(acting_user, "receive_application")
    reason = WithdrawApplication.check(reason=reason).reason
    with transaction.atomic():
        application = get_scoped(PermitApplication, acting_user, "申领", lock=True, pk=application_id)
        now = clock.now()
        application.move_to(PermitApplication.Status.WITHDRAWN)
        application.withdrawn_on = now.date()
        application.save(update_fields=["status", "withdrawn_on"])
        emit(
            Event.APPLICATION_WITHDRAW,
            actor=acting_user,
            subject=application,
            purpose="撤回申领",
            moment=now,
            payload=p.ApplicationWithdrawn(reason=reason),
        )
    return application
