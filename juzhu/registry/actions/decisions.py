"""The county issuer's decision on an accepted application: approve and sign, or refuse with reasons (Art 12)."""

from __future__ import annotations

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import User
from juzhu.rules.citations import measure
from juzhu.rules.decision import Decision

from ..commands import DecideApplication
from ..events import emit
from ..events import payloads as p
from ..models import Permit, PermitApplication
from ..numbers import document_number
from .applications import eligibility_on_acceptance
from .common import ActionError, RuleRefusal, get_scoped, next_number, one_moment, require
from .issuing import create_permit

# The card carries the holder's photo (Art 12 para 2 with R-10; Art 11 asks for it): no approval without one.
PHOTO_MISSING = (
    "申请人的本人相片尚未采集，不能批准：居住证须印有持证人相片（第十一条、第十二条）。请受理窗口先在人员页面采集相片"
)


@one_moment
def decide_application(
    *, acting_user: User, application_id: int, approve: bool, reasons: str = ""
) -> Permit | PermitApplication:
    """The county issuer approves (and the permit is signed) or refuses with reasons (Art 12).

    Approval needs the applicant's photo, which the card prints (PHOTO_MISSING)."""
    require(acting_user, "decide_application")
    reasons = DecideApplication.check(approve=approve, reasons=reasons).reasons
    with transaction.atomic():
        application = get_scoped(PermitApplication, acting_user, "申领", lock=True, pk=application_id)
        if application.status != PermitApplication.Status.ACCEPTED:
            raise ActionError("只能对已受理的申领作出决定（该申领可能已有决定，请勿重复提交）", status=409)
        registration = application.registration
        eligibility = application_eligibility(application)
        if approve and eligibility.outcome != "eligible":
            raise RuleRefusal(eligibility, field="approve")
        if approve and not registration.person.photo:
            raise ActionError(PHOTO_MISSING, field="photo")
        now = clock.now()
        application.decided_on, application.decided_by = now.date(), acting_user
        if approve:
            application.move_to(PermitApplication.Status.ISSUED)
            application.save()
            permit = create_permit(acting_user, application, now)
            emit(
                Event.APPLICATION_APPROVE,
                actor=acting_user,
                subject=application,
                purpose="审批居住证申领",
                moment=now,
                payload=p.ApplicationApproved(permit=permit.number),
            )
            return permit
        if not reasons and eligibility.outcome == "eligible":
            raise ActionError("不予批准须说明理由", field="reasons")
        application.move_to(PermitApplication.Status.REFUSED)
        serial = next_number("refusal", application.county_id, application.decided_on.year)
        application.refusal = {
            # The notice's own number (不予批准通知书), looked up like the others (documents.lookup).
            "number": document_number("refusal", application.county_id, application.decided_on.year, serial),
            "reasons": [*([reasons] if reasons else []), *eligibility.fields["unmet"]],
            "citations": sorted(set(eligibility.citations) | {measure(12)}),
        }
        application.save()
        emit(
            Event.APPLICATION_REFUSE,
            actor=acting_user,
            subject=application,
            person=registration.person,
            purpose="审批居住证申领",
            moment=now,
            payload=p.ApplicationRefused(
                number=application.refusal["number"],
                reasons=tuple(application.refusal["reasons"]),
                citations=tuple(application.refusal["citations"]),
            ),
        )
        return application


def application_eligibility(application: PermitApplication) -> Decision:
    """The rules' answer the decision rests on (Art 10): on the acceptance date, from residence
    in the county (R-06a, R-06b); the issuer's page shows the same one."""
    return eligibility_on_acceptance(application, application.accepted_on)  # type: ignore[arg-type]  # accepted
