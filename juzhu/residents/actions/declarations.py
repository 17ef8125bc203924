"""The online residence declaration (Art 9, R-03): the resident declares, the station confirms.

The resident's declaration is checked as the office checks a registration (ID number, name,
hukou, Art 2's floating status, the arrival date) and the registration duty is decided at
once, so she sees the deadline and, when it has passed, that her declaration is late. It
lands in the queue of the stations serving the chosen town. The clerk confirms it, which
registers the residence through the registry's own ``register_residence`` action, acting as
the clerk and as of the day the resident declared (申报日期: Art 9's duty is met by the
declaration, not by the day a clerk got to it); or returns it with a reason.
"""

from __future__ import annotations

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import User
from juzhu.registry.actions import register_residence
from juzhu.registry.actions.checks import clean_text
from juzhu.registry.actions.common import ask_rules, get_scoped, one_moment, require
from juzhu.registry.actions.registrations import check_residence_input
from juzhu.registry.errors import ActionError, RuleRefusal
from juzhu.registry.events import emit

from ..commands import DeclarationData
from ..events import DeclarationConfirmed, DeclarationReturned, DeclarationSubmitted
from ..models import RETURN_REASON_LENGTH, ResidentAccount, ResidentRequest
from .common import AsResident, station_town


@one_moment
def submit_declaration(*, account_id: int, data: DeclarationData) -> ResidentRequest:
    """Check and queue a declaration; the rules' refusal (Art 2, the ID number) names its field."""
    data = DeclarationData.check(**dict(data))  # a caller that built it unchecked meets the same limits
    town, county = station_town(data.town)
    identity = ask_rules("id_number", value=data.id_number)
    if identity.outcome != "valid":
        raise RuleRefusal(identity, field="id_number")
    data = data.model_copy(update={"id_number": identity.fields["value"]})
    floating = ask_rules(
        "floating_status",
        hukou_division=data.hukou_division,
        residence_division=county.pk,
        id_number=data.id_number,
    )
    if floating.outcome != "floating":
        raise RuleRefusal(floating, field="id_number" if floating.outcome == "out_of_scope" else "hukou_division")
    moment = clock.now()
    declared = moment.date()
    # The window's own checks (the arrival date, each child's birth date and ID number), by field.
    check_residence_input(data.arrival_date, data.children, identity.fields["birth_date"], declared)
    duty_case = {"arrival_date": data.arrival_date, "as_of": declared}
    if data.exemption:
        duty_case["exemption"] = data.exemption  # Art 9 para 2: the deadline she is shown
    duty = ask_rules("registration_duty", **duty_case)
    with transaction.atomic():
        account = ResidentAccount.objects.select_for_update().get(pk=account_id)
        if account.person is not None and account.person.id_number != data.id_number:
            raise ActionError("只能为本人申报：身份证号码应与您实名绑定的一致", field="id_number", status=403)
        open_one = ResidentRequest.objects.filter(
            account=account, kind=ResidentRequest.Kind.DECLARATION, status=ResidentRequest.Status.SUBMITTED
        ).first()
        if open_one is not None:
            raise ActionError(f"您已有一份待派出所确认的申报（编号 {open_one.number}），请勿重复提交", status=409)
        request = ResidentRequest.objects.create(
            account=account,
            person=account.person,
            kind=ResidentRequest.Kind.DECLARATION,
            county_id=county.pk,
            town=town,
            data=data.stored(),
            submitted_at=moment,
            submitted_on=declared,
            due_date=duty.fields.get("due_date"),
            late=bool(duty.fields.get("late")),
        )
        emit(
            Event.DECLARATION_SUBMIT,
            actor=AsResident(account),
            subject=request,
            purpose="网上申报居住登记",
            moment=moment,
            payload=DeclarationSubmitted(
                number=request.number, late=request.late, due_date=request.due_date, town=str(town.pk)
            ),
        )
    return request


@one_moment
def confirm_declaration(
    *, acting_user: User, request_id: int, move: bool = False, identity_reason: str = "", confirmation: str = ""
) -> ResidentRequest:
    """Register the declared residence (the registry's action, as the clerk, as of the declaration day).

    A person the registry knows (R-27): ``register_residence`` answers ``IdentityConflict`` with
    what would happen (a move, changed identity data); the clerk confirms with ``move``, an
    ``identity_reason`` and the ``confirmation`` token that answer gave, as at the window.
    """
    require(acting_user, "register_residence")
    moment = clock.now()
    with transaction.atomic():
        request = _open(acting_user, request_id)
        declared = DeclarationData.check(**request.data)
        account = request.account
        with clock.frozen(request.submitted_at):
            registration = register_residence(
                acting_user=acting_user,
                **declared.registration(account.phone),
                move=move,
                identity_reason=identity_reason,
                confirmation=confirmation,
            )
        request.move_to(ResidentRequest.Status.CONFIRMED)
        request.registration, request.person = registration, registration.person
        request.handled_by, request.handled_at = acting_user, moment
        request.save(update_fields=["status", "registration", "person", "handled_by", "handled_at"])
        if account.person_id is None and not ResidentAccount.objects.filter(person=registration.person).exists():
            account.person, account.bound_at = registration.person, moment  # the declarant is now known
            account.save(update_fields=["person", "bound_at"])
        emit(
            Event.DECLARATION_CONFIRM,
            actor=acting_user,
            subject=request,
            person=registration.person,
            purpose="确认网上申报",
            moment=moment,
            payload=DeclarationConfirmed(number=request.number, registration=registration.number),
        )
    return request


@one_moment
def return_declaration(*, acting_user: User, request_id: int, reason: str) -> ResidentRequest:
    """Send the declaration back with a reason the resident reads (she may declare again)."""
    require(acting_user, "register_residence")
    reason = clean_text(reason, "reason", "退回原因", RETURN_REASON_LENGTH)
    with transaction.atomic():
        request = _open(acting_user, request_id)
        request.move_to(ResidentRequest.Status.RETURNED)
        request.return_reason = reason
        moment = clock.now()
        request.handled_by, request.handled_at = acting_user, moment
        request.save(update_fields=["status", "return_reason", "handled_by", "handled_at"])
        emit(
            Event.DECLARATION_RETURN,
            actor=acting_user,
            subject=request,
            purpose="退回网上申报",
            moment=moment,
            payload=DeclarationReturned(number=request.number, reason=reason),
        )
    return request


def _open(acting_user: User, request_id: int) -> ResidentRequest:
    """The declaration, locked, inside the clerk's jurisdiction; one already handled answers 409."""
    request = get_scoped(ResidentRequest, acting_user, "网上申报", lock=True, pk=request_id)
    if request.status != ResidentRequest.Status.SUBMITTED:
        raise ActionError(f"该申报已{request.get_status_display()}，不能再次办理", status=409)
    return request
