"""Shortcuts that take a person through the registry's actions, for tests."""

from __future__ import annotations

import datetime

from juzhu.clock import today as clock_today
from juzhu.registry.actions import decide_application, receive_application, register_residence
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


def issued_permit(staff, clock, registered_on="2025-06-02", applied_on="2025-12-02"):
    """Register, apply complete, approve: returns the permit (card produced, not handed out)."""
    clock(registered_on)
    registration = registered(staff)
    clock(applied_on)
    application = receive_application(acting_user=staff.clerk, registration_id=registration.pk,
                                      condition="employment", materials=COMPLETE_FOR_EMPLOYMENT)
    return decide_application(acting_user=staff.issuer, application_id=application.pk, approve=True)
