"""Finding and reading persons: every read of personal data is logged (R-22)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from juzhu.audit.events import Event
from juzhu.audit.log import record_read
from juzhu.masks import mask_id_number, mask_phone
from juzhu.org.jurisdiction import covers, scope_filter
from juzhu.org.models import User
from juzhu.prepared import Prepared
from juzhu.rules.id_number import normalise

from ..events.payloads import PersonsSearched
from ..models import Person
from .checks import clean_text
from .common import ActionError, NotFound, get_scoped, require

SEARCH_LIMIT = 50
# Matches read (id and name only) to pick the first SEARCH_LIMIT by name; beyond it the
# screen already asks for a narrower query.
MATCHES_READ = 5000

M = TypeVar("M", bound=Model)


def search_persons(*, acting_user: User, query: str) -> list[dict[str, object]]:
    """Search by full ID number, name, pinyin initials or phone; results are masked.

    The search itself is logged (who searched for what and how many were shown).
    """
    require(acting_user, "view_person_detail")
    query = query.strip()
    if len(query) < 2:
        raise ActionError("请至少输入两个字符", field="query")
    people = _matching(Person.objects.filter(scope_filter(acting_user)), query)
    record_read(  # one INSERT, atomic by itself: no BEGIN/COMMIT round trips around it
        actor=acting_user,
        action=Event.PERSON_SEARCH,
        purpose="查询",
        detail=PersonsSearched(query=query, shown=tuple(person.pk for person in people)).detail(),
    )
    return [
        {
            "id": p.pk,
            "name": p.name,
            "sex": p.get_sex_display(),
            "id_number": mask_id_number(p.id_number),
            "phone": mask_phone(p.phone),
            "county": p.county_id,
            "town": p.town_id,
            # Namesakes are told apart by birth year and town (the ID number is masked).
            "birth_year": p.birth_date.year if p.birth_date else None,
            "town_name": p.town.name if p.town else "",
        }
        for p in people
    ]


def _matching(persons: QuerySet[Person], query: str) -> list[Person]:
    """The first SEARCH_LIMIT persons by name among those found by each way of finding one.

    Each way is its own query, served by its own index, and asks for ids and names only,
    unordered; the ordering is done here. Asking the database for "ORDER BY name LIMIT 50"
    let PostgreSQL walk the whole name index filtering row by row: up to 2.6 s for a common
    pair of pinyin initials among 1,000,000 residents (benchmarks/office_latency.py).
    """
    ways = [persons.filter(phone=query)]
    if not query.isdigit():  # a name has no digits; on SQLite this saves a scan of the table
        ways.append(persons.filter(name__startswith=query))
    if query.isascii() and query.isalpha():
        ways.append(persons.filter(name_initials__startswith=query.lower()))
    normalised = normalise(query)
    if len(normalised) == 18:
        ways.append(persons.filter(id_number=normalised))
    names = {pk: name for way in ways for pk, name in way.values_list("pk", "name")[:MATCHES_READ]}
    first = sorted(names, key=lambda pk: (names[pk], pk))[:SEARCH_LIMIT]
    return sorted(
        Person.objects.filter(pk__in=first).select_related("town"), key=lambda person: (person.name, person.pk)
    )


# The read behind every opened record, compiled once per process (juzhu.prepared); the
# jurisdiction is then checked on the row (``covers``: the same rule as ``scope_filter``).
PERSON_BY_ID = Prepared(lambda pk: Person.objects.filter(pk=pk), pk=int)


def view_person(*, acting_user: User, person_id: int, purpose: str) -> Person:
    """Open a person's full record; the purpose is required and logged."""
    require(acting_user, "view_person_detail")
    purpose = clean_text(purpose, "purpose", "查看事由", 200)
    person = next(iter(PERSON_BY_ID.objects(pk=person_id)), None) if type(person_id) is int else None
    if person is None or not covers(acting_user, person.county_id, person.town_id):
        raise NotFound("人员")  # outside the jurisdiction answers as unknown
    record_read(actor=acting_user, action=Event.PERSON_VIEW, obj=person, person_id=person.pk, purpose=purpose)
    return person


def read_record(*, acting_user: User, model: type[M], record_id: int, what: str, action: Event, purpose: str) -> M:
    """Open one record about a person (registration, application, permit): scoped, with a purpose, logged."""
    require(acting_user, "view_person_detail")
    purpose = clean_text(purpose, "purpose", "查看事由", 200)
    found = get_scoped(model, acting_user, what, pk=record_id)
    # Every model read here is about one person (registration, application, permit, resident request).
    person_id = found.person_id  # type: ignore[attr-defined]
    record_read(actor=acting_user, action=action, obj=found, person_id=person_id, purpose=purpose)
    return found
