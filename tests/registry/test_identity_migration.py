"""registry.0006: registrations the first release superseded become moves linked to the new one."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from juzhu.registry.models import Registration
from tests.factories import ensure_organisation

BEFORE = [("registry", "0005_calendar_parameters")]


# serialized_rollback, as the race cases after it: a plain transactional test's closing flush
# re-creates the roles' groups (post_migrate), and the next serialized test's reload then
# collides with them (UNIQUE auth_group.name).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_superseded_registrations_become_acknowledged_moves(flushable_audit):
    staff = ensure_organisation()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Person, OldRegistration = apps.get_model("registry", "Person"), apps.get_model("registry", "Registration")
    person = Person.objects.create(
        id_number="610113199002280029",
        name="张丽",
        sex="female",
        ethnicity="01",
        birth_date=datetime.date(1990, 2, 28),
        hukou_division_id="610113",
        hukou_address="陕西省西安市雁塔区小寨路1号",
    )

    def registration(number, town, declared, **ended):
        return OldRegistration.objects.create(
            person=person,
            county_id=town[:6],
            town_id=town,
            number=number,
            address="某路1号",
            arrival_date=declared,
            declared_date=declared,
            reason="work",
            housing="rented",
            unit_id=(staff.clerk if town == "610902001" else staff.other_clerk).unit_id,
            registered_by_id=staff.clerk.pk,
            **ended,
        )

    day, later = datetime.date(2025, 3, 3), datetime.date(2025, 6, 2)
    old = registration(
        "DJ1",
        "610902001",
        day,
        status="cancelled",
        cancelled_on=later,
        cancel_reason="在陕西省安康市汉滨区新城街道重新办理居住登记",
    )
    new = registration(
        "DJ2",
        "610902002",
        later,
        status="cancelled",
        cancelled_on=datetime.date(2025, 9, 1),
        cancel_reason="已离开本市",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    old, new = Registration.objects.get(pk=old.pk), Registration.objects.get(pk=new.pk)
    assert (old.status, old.moved_to, old.move_acknowledged_on) == ("moved", new, later)
    assert (new.status, new.moved_to) == ("cancelled", None)  # a plain cancellation stays one
