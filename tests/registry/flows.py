"""Shortcuts that take a person through the registry's actions, for tests."""

from __future__ import annotations

import datetime

from juzhu.clock import today as clock_today
from juzhu.registry.actions import decide_application, receive_application, register_residence, set_person_photo
from tests.factories import person_data, residence_data

COMPLETE_FOR_EMPLOYMENT = {
    "resident_id_card": "", "photo": "", "residence_address_proof": "房东王某",
    "employment_proof": "安康市某某有限公司",
}


def registered(staff, **person):
    """Registered today (the clock), having arrived three days before."""
    arrived = clock_today() - datetime.timedelta(days=3)
    return register_residence(acting_user=staff.clerk, person=person_data(**person),
                              residence=residence_data(arrival_date=arrived))


def photo_bytes(size=(358, 441), fmt="PNG") -> bytes:
    """A plain picture of a card photo's proportions (the action re-encodes it as JPEG)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (70, 110, 160)).save(out, fmt)
    return out.getvalue()


def photographed(staff, person_id: int):
    """The clerk takes the person's photo at the window (needed before approval)."""
    return set_person_photo(acting_user=staff.clerk, person_id=person_id, data=photo_bytes())


def issued_permit(staff, clock, registered_on="2025-06-02", applied_on="2025-12-02"):
    """Register, photograph, apply complete, approve: returns the permit (card produced, not handed out)."""
    clock(registered_on)
    registration = registered(staff)
    photographed(staff, registration.person_id)
    clock(applied_on)
    application = receive_application(acting_user=staff.clerk, registration_id=registration.pk,
                                      condition="employment", materials=COMPLETE_FOR_EMPLOYMENT)
    return decide_application(acting_user=staff.issuer, application_id=application.pk, approve=True)
