"""What a read costs in queries, and that the shortcuts give the same answers (issue 9, Speed).

The figures are in benchmarks/README.md ("Reads over HTTP"); these tests keep the query
counts from creeping back and check each shortcut against the long way round.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from juzhu.audit.log import actor_role
from juzhu.audit.models import PendingAuditEntry
from juzhu.org.access import load_access
from juzhu.org.models import User
from juzhu.registry import context
from juzhu.registry.actions.common import rules_context
from juzhu.registry.models import RulesVersion
from tests.registry.flows import issued_permit

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


def queries_of(call) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        call()
    return [q["sql"] for q in captured.captured_queries]


def test_healthz_answers_without_a_query():
    sql = queries_of(lambda: Client().get(reverse("healthz")))
    assert sql == []
    response = Client().get(reverse("healthz"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_the_card_check_reads_the_permit_with_its_cards_and_the_rules_stamp_in_one_query(staff, clock):
    from juzhu.registry.verification import verify_url

    permit = issued_permit(staff, clock)
    url = verify_url(permit.cards.get())
    client = Client()
    client.get(url)  # the first request builds the cached context
    sql = queries_of(lambda: client.get(url))
    stamps = [q for q in sql if RulesVersion._meta.db_table in q]
    assert len(stamps) == 1, sql
    # cards + permit + organ with the rules stamp, the endorsements, the queued audit row (one INSERT)
    assert len(sql) == 3, sql
    assert "registry_permitcard" in stamps[0]
    assert PendingAuditEntry.objects.filter(action="permit.verify").count() == 2


def test_a_person_read_checks_permissions_and_names_the_roles_from_one_query(staff, as_user, clock):
    permit = issued_permit(staff, clock)
    api: ApiClient = as_user(staff.issuer)
    path = f"/persons/{permit.person_id}"
    assert api.get(path, purpose="核查").status_code == 200
    sql = queries_of(lambda: api.get(path, purpose="核查"))
    assert sum("auth_permission" in q or "auth_group" in q for q in sql) == 1, sql
    # token + user + unit with the rules stamp (the permits' window ends), permissions and roles, the
    # person, the audit row, the current registration, its children, the applications, the permits
    assert len(sql) == 8, sql
    assert [q for q in sql if RulesVersion._meta.db_table in q] == sql[:1]
    entry = PendingAuditEntry.objects.filter(action="person.view").latest("id")
    assert entry.role == actor_role(User.objects.get(pk=staff.issuer.pk))


def test_load_access_gives_the_answers_of_django_and_of_the_audit_log(staff):
    direct = Permission.objects.get(codename="manage_calendar")
    staff.clerk.user_permissions.add(direct)  # a permission of the user's own, beside her groups
    for user in (staff.clerk, staff.issuer, staff.admin, staff.supervisor, staff.officer):
        plain = User.objects.get(pk=user.pk)
        loaded = User.objects.get(pk=user.pk)
        load_access(loaded)
        assert loaded.get_all_permissions() == plain.get_all_permissions(), user.username
        assert loaded.get_user_permissions() == plain.get_user_permissions(), user.username
        assert loaded.get_group_permissions() == plain.get_group_permissions(), user.username
        assert actor_role(loaded) == actor_role(plain), user.username
        assert queries_of(lambda u=loaded: (u.has_perm("registry.view_person_detail"), actor_role(u))) == []
    assert "registry.manage_calendar" in User.objects.get(pk=staff.clerk.pk).get_all_permissions()


def test_a_new_stamp_is_read_by_the_next_request_and_by_every_call_outside_one(staff, clock):
    from juzhu.registry.verification import verify_url

    permit = issued_permit(staff, clock)
    url = verify_url(permit.cards.get())
    stamp_queries = lambda: [q for q in queries_of(rules_context) if RulesVersion._meta.db_table in q]  # noqa: E731
    assert len(stamp_queries()) == 1 and len(stamp_queries()) == 1  # outside a request: every call
    RulesVersion.objects.update_or_create(pk=1, defaults={"stamp": "written-by-another-process"})
    rules_context()
    assert context._cached["merged"][0] == "written-by-another-process"
    Client().get(url)  # a request in between keeps nothing of its own stamp
    RulesVersion.objects.filter(pk=1).update(stamp="and-again")
    rules_context()
    assert context._cached["merged"][0] == "and-again"


def test_an_office_page_reads_the_users_permissions_and_roles_in_one_query(staff, clock):
    from tests.factories import office_client

    permit = issued_permit(staff, clock)
    client = office_client(staff.issuer, Client())
    search = lambda: client.get(reverse("search"), {"q": permit.holder_id_number})  # noqa: E731
    assert search().status_code == 200
    sql = queries_of(search)
    assert sum("auth_permission" in q or "auth_group" in q for q in sql) == 1, sql
    entry = PendingAuditEntry.objects.filter(action="person.search").latest("id")
    assert entry.role == actor_role(User.objects.get(pk=staff.issuer.pk)) and entry.detail["shown"] == [
        permit.person_id
    ]


def test_the_person_reads_lists_are_those_the_jurisdiction_filter_gives(staff, as_user, clock):
    """The person read fetches by the person's index and keeps what ``covers`` allows: the
    same records ``scope_filter`` selects, for every kind of unit (R-22)."""
    from juzhu.org.jurisdiction import scope_filter
    from juzhu.registry.models import Permit, PermitApplication, Person, Registration

    permit = issued_permit(staff, clock)
    readers = [u for u in vars(staff).values() if u.has_perm("registry.view_person_detail")]
    assert {staff.clerk, staff.other_clerk, staff.issuer, staff.admin} <= set(readers)
    for user in readers:
        answer = as_user(user).get(f"/persons/{permit.person_id}", purpose="核查")
        scope = scope_filter(user)
        seen = Person.objects.filter(scope, pk=permit.person_id).exists()
        assert answer.status_code == (200 if seen else 404), (user.username, answer.content)
        if not seen:
            continue  # outside her jurisdiction the person is unknown
        body = answer.json()
        active = Registration.objects.filter(scope, person_id=permit.person_id, status="active").first()
        assert (body["current_registration"] or {}).get("id") == (active.pk if active else None), user.username
        assert [a["id"] for a in body["applications"]] == list(
            PermitApplication.objects.filter(scope, person_id=permit.person_id)
            .order_by("-received_on", "-id")
            .values_list("pk", flat=True)
        ), user.username
        assert [p["id"] for p in body["permits"]] == list(
            Permit.objects.filter(scope, person_id=permit.person_id)
            .order_by("-issue_date", "-id")
            .values_list("pk", flat=True)
        ), user.username


def test_the_stamp_read_with_the_card_or_the_token_is_the_one_the_request_uses(staff, as_user, clock):
    """Another process entered a calendar year: the next card check and the next API call see
    its stamp (read in their first query) and rebuild the rules, without a query of their own."""
    from juzhu.registry.verification import verify_url

    permit = issued_permit(staff, clock)
    url = verify_url(permit.cards.get())
    Client().get(url)
    RulesVersion.objects.update_or_create(pk=1, defaults={"stamp": "entered-elsewhere"})
    assert Client().get(url).status_code == 200
    assert context._cached["merged"][0] == "entered-elsewhere"
    RulesVersion.objects.filter(pk=1).update(stamp="entered-again")
    assert as_user(staff.issuer).get(f"/persons/{permit.person_id}", purpose="核查").status_code == 200
    assert context._cached["merged"][0] == "entered-again"


def test_the_ethnicity_name_shortcut_answers_as_djangos_display():
    from juzhu.registry.models import Person

    for code, name in Person._meta.get_field("ethnicity").flatchoices:
        assert Person(ethnicity=code).get_ethnicity_display() == name
    assert Person(ethnicity="99").get_ethnicity_display() == "99"  # unknown: the code, as Django answers
