"""How a registration ends at its station: cancelled when the person has left (Art 9), or a move
elsewhere acknowledged by the old station (R-27)."""

from __future__ import annotations

import datetime

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.org.models import User

from ..commands import CancelRegistration
from ..events import emit
from ..events import payloads as p
from ..models import Person, Registration
from .checks import date_between
from .common import get_scoped, one_moment, require


@one_moment
def cancel_registration(
    *, acting_user: User, registration_id: int, reason: str, date: datetime.date | None = None
) -> Registration:
    """Cancel a registration when the person has left (status: active → cancelled)."""
    require(acting_user, "cancel_registration")
    command = CancelRegistration.check(reason=reason, date=date)
    reason, date = command.reason, command.date
    with transaction.atomic():
        registration = get_scoped(Registration, acting_user, "居住登记", lock=True, pk=registration_id)
        now = clock.now()
        registration.move_to(Registration.Status.CANCELLED)
        registration.cancelled_on = date_between(
            date or now.date(), "date", "注销日期", registration.declared_date, now.date()
        )
        registration.cancel_reason = reason
        registration.save(update_fields=["status", "cancelled_on", "cancel_reason"])
        Person.objects.filter(pk=registration.person_id, town=registration.town_id).update(county=None, town=None)
        emit(
            Event.REGISTRATION_CANCEL,
            actor=acting_user,
            subject=registration,
            purpose="注销居住登记",
            moment=now,
            payload=p.RegistrationCancelled(reason=reason),
        )
    return registration


@one_moment
def acknowledge_move(*, acting_user: User, registration_id: int) -> Registration:
    """The old station has seen that its registration moved elsewhere (R-27): off its queue.

    A second acknowledgement (a double click) answers the same, without a second entry.
    """
    require(acting_user, "register_residence")
    with transaction.atomic():
        registration = get_scoped(
            Registration, acting_user, "居住登记", lock=True, pk=registration_id, status=Registration.Status.MOVED
        )
        if registration.move_acknowledged_on is None:
            now = clock.now()
            registration.move_acknowledged_on, registration.move_acknowledged_by = now.date(), acting_user
            registration.save(update_fields=["move_acknowledged_on", "move_acknowledged_by"])
            emit(
                Event.REGISTRATION_MOVE_ACKNOWLEDGED,
                actor=acting_user,
                subject=registration,
                purpose="迁出知悉",
                moment=now,
                # a moved registration points at its successor (the status was filtered on)
                payload=p.MoveAcknowledged(moved_to=registration.moved_to.number),  # type: ignore[union-attr]
            )
    return registration
