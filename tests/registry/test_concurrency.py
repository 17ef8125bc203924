"""Two clerks endorsing the same permit at the same moment: exactly one succeeds."""

import threading

import pytest
from django.db import connections

from juzhu.registry.actions import ActionError, endorse_permit
from juzhu.registry.models import Endorsement
from tests.factories import ensure_organisation

from .flows import issued_permit


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_endorsements_of_one_permit_let_exactly_one_through(clock, flushable_audit):
    staff = ensure_organisation()
    permit = issued_permit(staff, clock)
    clock("2026-11-20")
    barrier, outcomes = threading.Barrier(2), []

    def endorse(user):
        try:
            barrier.wait()
            endorse_permit(acting_user=user, permit_id=permit.pk)
            outcomes.append("ok")
        except ActionError as refused:
            outcomes.append(refused.status)
        finally:
            connections.close_all()

    from juzhu.org.staff import create_staff

    second_clerk = create_staff("clerk_laocheng_2", unit_code="AK-610902-PS01", role="clerk")
    threads = [threading.Thread(target=endorse, args=(u,)) for u in (staff.clerk, second_clerk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2 and outcomes.count("ok") == 1, outcomes
    assert next(o for o in outcomes if o != "ok") in (409, 422)  # unique constraint, or the rules' refusal
    assert Endorsement.objects.filter(permit=permit).count() == 1
