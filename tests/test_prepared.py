"""``juzhu.prepared``: a query compiled once gives what the ORM gives, every time (issue 9, Speed)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from juzhu.api.auth import live_token
from juzhu.api.tokens import create_token, hash_key, revoke_token
from juzhu.office.views.verify import CARDS_OF_PERMIT, ENDORSEMENT_DATES
from juzhu.org.models import ApiToken
from juzhu.prepared import Prepared
from juzhu.registry.actions import endorse_permit
from juzhu.registry.models import Endorsement, Permit, PermitCard, Person
from tests.registry.flows import issued_permit

pytestmark = pytest.mark.django_db


def fields_of(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_model_instances_with_what_select_related_joined_equal_the_orms(staff, clock):
    permit = issued_permit(staff, clock)
    orm = list(PermitCard.objects.filter(permit__number=permit.number).select_related("permit__issuing_unit"))
    prepared = CARDS_OF_PERMIT.objects(number=permit.number)
    assert [fields_of(c) for c in prepared] == [fields_of(c) for c in orm] != []
    with CaptureQueriesContext(connection) as captured:  # the joined rows came with the card: no query
        joined = [(fields_of(c.permit), fields_of(c.permit.issuing_unit)) for c in prepared]
    assert captured.captured_queries == []
    assert joined == [(fields_of(c.permit), fields_of(c.permit.issuing_unit)) for c in orm]
    assert not prepared[0]._state.adding and prepared[0]._state.db == "default"  # saved rows, as the ORM's


def test_each_call_binds_its_own_arguments(staff, clock):
    first = issued_permit(staff, clock)
    clock("2026-11-20")  # issued 2 Dec 2025: inside the window before the first anniversary
    endorse_permit(acting_user=staff.clerk, permit_id=first.pk)
    assert CARDS_OF_PERMIT.objects(number="no-such-number") == []
    assert [c.permit_id for c in CARDS_OF_PERMIT.objects(number=first.number)] == [first.pk]
    dates = ENDORSEMENT_DATES.rows(permit_id=first.pk)
    assert dates == list(Endorsement.objects.filter(permit=first).order_by("date").values_list("date"))
    assert ENDORSEMENT_DATES.rows(permit_id=first.pk + 10_000) == []


def test_converted_columns_come_back_as_python_values(staff, clock):
    """SQLite stores dates as text: the ORM's converters run on the prepared rows too."""
    permit = issued_permit(staff, clock)
    issue_dates = Prepared(
        lambda pk: Permit.objects.filter(pk=pk).values_list("issue_date", "next_anniversary"), pk=int
    )
    assert issue_dates.rows(pk=permit.pk) == list(
        Permit.objects.filter(pk=permit.pk).values_list("issue_date", "next_anniversary")
    )
    assert isinstance(issue_dates.rows(pk=permit.pk)[0][0], datetime.date)


def test_a_revoked_token_is_refused_at_the_next_call(staff):
    key = create_token(staff.clerk, "tests")
    assert live_token(key).user == staff.clerk
    revoke_token(key[:8])
    assert live_token(key) is None
    assert ApiToken.objects.filter(key_hash=hash_key(key), revoked=True).exists()


def test_arguments_of_the_wrong_name_or_type_are_refused():
    by_id = Prepared(lambda pk: Person.objects.filter(pk=pk), pk=int)
    for wrong in ({"pk": "1"}, {"pk": True}, {"pk": 1.0}, {"id": 1}, {}):
        with pytest.raises(TypeError):
            by_id.objects(**wrong)
    with pytest.raises(TypeError):
        Prepared(lambda day: Person.objects.filter(birth_date=day), day=object)


def test_an_argument_the_sql_does_not_carry_as_it_is_is_refused():
    """``startswith`` turns the value into a pattern: it could not be bound later, so it is refused."""
    by_prefix = Prepared(lambda prefix: Person.objects.filter(name__startswith=prefix), prefix=str)
    with pytest.raises(TypeError, match="prefix"):
        by_prefix.objects(prefix="王")


def test_model_instances_are_asked_of_a_model_queryset_and_rows_of_values_list():
    dates = Prepared(lambda pk: Person.objects.filter(pk=pk).values_list("birth_date"), pk=int)
    with pytest.raises(TypeError, match="values_list"):
        dates.objects(pk=1)
    assert dates.rows(pk=-1) == []


@pytest.mark.django_db(transaction=True)
def test_another_thread_runs_the_query_compiled_here_with_its_own_connection(staff, clock, flushable_audit):
    """The server's threads share one compiled query; each converts with its own connection."""
    import threading

    from django.db import connections

    permit = issued_permit(staff, clock)
    dated = Prepared(lambda pk: Permit.objects.filter(pk=pk).values_list("issue_date"), pk=int)
    assert dated.rows(pk=permit.pk) == [(permit.issue_date,)]  # compiled in this thread
    mine = connections["default"].connection  # this thread's database connection itself
    seen: list = []

    def other() -> None:
        from django.db import connection

        seen.append((dated.rows(pk=permit.pk), connection.connection is not mine))
        connection.close()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert seen == [([(permit.issue_date,)], True)]
