"""Extending the issuance deadline, with its reason and never past the limit (Art 12, R-09)."""

from __future__ import annotations

import datetime

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import User

from ..commands import ExtendIssuance
from ..events import emit
from ..events import payloads as p
from ..models import PermitApplication
from .common import ActionError, get_scoped, one_moment, require


@one_moment
def extend_issuance(*, acting_user: User, application_id: int, until: datetime.date, reason: str) -> PermitApplication:
    """Extend the issuance deadline with a recorded reason, never past the limit (R-09)."""
    require(acting_user, "extend_issuance")
    command = ExtendIssuance.check(until=until, reason=reason)
    until, reason = command.until, command.reason
    with transaction.atomic():
        application = get_scoped(PermitApplication, acting_user, "申领", lock=True, pk=application_id)
        if application.status != PermitApplication.Status.ACCEPTED:
            raise ActionError("只能对已受理、尚未发放的申领延长期限", status=409)
        if application.extended_until == until:
            raise ActionError(f"发放期限已延长至 {until.isoformat()}，请勿重复提交", field="until", status=409)
        now = clock.now()
        today = now.date()
        closed = extension_closed(application, today)
        if closed:
            raise ActionError(closed, field="until")
        if until < today:
            raise ActionError(f"延长后的期限不能早于今日 {today.isoformat()}", field="until")
        # An accepted application has its due date and extension limit (_accept): the ignores below.
        if until > application.extension_limit:  # type: ignore[operator]
            raise ActionError(
                f"延长后的期限不得晚于 {application.extension_limit.isoformat()}（自受理之日起最长15日，第十二条）",  # type: ignore[union-attr]
                field="until",
            )
        if until <= application.due_date:  # type: ignore[operator]
            raise ActionError(f"延长后的期限应晚于原期限 {application.due_date.isoformat()}", field="until")  # type: ignore[union-attr]
        application.extended_until, application.extension_reason = until, reason
        application.save(update_fields=["extended_until", "extension_reason"])
        emit(
            Event.APPLICATION_EXTEND,
            actor=acting_user,
            subject=application,
            purpose="延长发放期限",
            moment=now,
            payload=p.IssuanceExtended(until=until, reason=reason),
        )
    return application


def extension_closed(application: PermitApplication, on: datetime.date) -> str | None:
    """Why the issuance deadline can no longer be extended on ``on``, or None while it can.

    The limit is 15 days from acceptance (Art 12, R-09): once it has passed, an extension
    could only be backdated, which would hide the missed deadline.
    """
    if application.extension_limit and on > application.extension_limit:
        return (
            f"延长期限的上限 {application.extension_limit.isoformat()} 已过"
            "（自受理之日起最长15日，第十二条），不能再延长发放期限"
        )
    return None
