"""Writing planned residents with ``bulk_create``, table by table, one batch at a time.

Rows are built only for the batch at hand and dropped after it, so memory does not
grow with the number of residents. Seconds spent in each table's inserts are kept for
the benchmark.

Used by ``generator.generate_bulk`` only (benchmarks at 100,000 and 1,000,000 residents): the
demo city is made by the actions (``replay.py``). It writes no audit entries and queues no
notifications: a benchmark's residents have rows, not history. ``tests/demo/test_bulk.py``
keeps its rows equal to those the actions write for the same plan.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from itertools import pairwise

from django.db.models import JSONField, Value

from juzhu.audit.models import AuditEntry
from juzhu.registry.models import (
    ApplicationMaterial,
    Child,
    DeadlineFlag,
    Endorsement,
    Notice,
    Permit,
    PermitApplication,
    PermitCard,
    Person,
    Registration,
)
from juzhu.registry.models.person import ethnicity_choices
from juzhu.registry.name_search import name_initials

from .photo import demo_photo
from .plans import ResidentPlan
from .staffing import Staff

TABLES = (
    "person",
    "registration",
    "child",
    "application",
    "material",
    "notice",
    "permit",
    "card",
    "endorsement",
    "flag",
    "audit",
)
MODELS = {
    "person": Person,
    "registration": Registration,
    "child": Child,
    "application": PermitApplication,
    "material": ApplicationMaterial,
    "notice": Notice,
    "permit": Permit,
    "card": PermitCard,
    "endorsement": Endorsement,
    "flag": DeadlineFlag,
    "audit": AuditEntry,
}
SEX_LABELS = {"male": "男", "female": "女"}
INSERT_BATCH = 2000


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


class Writer:
    def __init__(self, staff: Staff, places) -> None:
        self.staff, self.places = staff, places
        self.rows: Counter = Counter()
        self.seconds: Counter = Counter()
        self.ethnicities = dict(ethnicity_choices())
        self._initials: dict[str, str] = {}
        self.photo = demo_photo().name  # whoever's application was accepted had the photo taken

    def _insert(self, table: str, model, objects: list) -> None:
        if not objects:
            return
        started = time.perf_counter()
        model.objects.bulk_create(objects, batch_size=INSERT_BATCH)
        self.seconds[table] += time.perf_counter() - started
        self.rows[table] += len(objects)

    def _initials_of(self, name: str) -> str:
        found = self._initials.get(name)
        if found is None:
            if len(self._initials) > 100_000:
                self._initials.clear()
            found = self._initials[name] = name_initials(name)
        return found

    def write(self, plans: list[ResidentPlan]) -> None:
        """Insert one batch (call inside a transaction)."""
        persons = []
        for plan in plans:
            town = plan.residence
            persons.append(
                Person(
                    id_number=plan.id_number,
                    name=plan.name,
                    name_initials=self._initials_of(plan.name),
                    sex=plan.sex,
                    ethnicity=plan.ethnicity,
                    birth_date=plan.birth,
                    hukou_division_id=plan.hukou.code,
                    hukou_address=plan.hukou_address,
                    phone=plan.phone,
                    county_id=town.county if town else None,
                    town_id=town.code if town else None,
                    photo=self.photo if plan.photographed else "",
                )
            )
        self._insert("person", Person, persons)

        registrations, children = [], []
        for plan, person in zip(plans, persons, strict=True):
            for item in plan.registrations:
                town, duty = item.town, item.duty
                row = Registration(
                    person_id=person.pk,
                    county_id=town.county,
                    town_id=town.code,
                    number=item.number,
                    address=item.address,
                    arrival_date=item.arrival,
                    declared_date=item.declared,
                    reason=item.reason,
                    housing=item.housing,
                    unit_id=town.station_id,
                    registered_by_id=self.staff.clerk_of_station[town.station_id],
                    due_date=_date(duty.get("due_date")),
                    late=bool(duty.get("late")),
                    provisional=bool(duty.get("provisional")),
                    status=item.status,
                    cancelled_on=item.cancelled_on,
                    cancel_reason=item.cancel_reason,
                    move_acknowledged_on=item.acknowledged_on,
                    move_acknowledged_by_id=(
                        self.staff.clerk_of_station[town.station_id] if item.acknowledged_on else None
                    ),
                    # An expression makes PostgreSQL's bulk insert use VALUES rather than UNNEST
                    # arrays, whose text escaping in psycopg is slow for long JSON documents.
                    decision=Value(
                        {
                            "floating_status": self.places.floating(plan.hukou.code, town.county),
                            "registration_duty": duty,
                        },
                        output_field=JSONField(),
                    ),
                )
                registrations.append(row)
                item.row = row
        self._insert("registration", Registration, registrations)
        moved = []  # the chain of a move: the old registration points at the new one
        for plan in plans:
            for old, new in pairwise(plan.registrations):
                old.row.moved_to_id = new.row.pk
                moved.append(old.row)
        if moved:
            Registration.objects.bulk_update(moved, ["moved_to"], batch_size=INSERT_BATCH)
        for plan, person in zip(plans, persons, strict=True):
            for item in plan.registrations:
                children += [
                    Child(
                        person_id=person.pk,
                        registration_id=item.row.pk,
                        name=c.name,
                        birth_date=c.birth,
                        sex=c.sex,
                        id_number=c.id_number,
                    )
                    for c in item.children
                ]
        self._insert("child", Child, children)
        self._applications(plans, persons)

    def _applications(self, plans: list[ResidentPlan], persons: list[Person]) -> None:
        staff, pending = self.staff, []
        for plan, person in zip(plans, persons, strict=True):
            item = plan.application
            if item is None:
                continue
            registration, deadline = plan.current.row, item.deadline or {}
            row = PermitApplication(
                person_id=person.pk,
                county_id=registration.county_id,
                town_id=registration.town_id,
                registration_id=registration.pk,
                condition=item.condition,
                status=item.status,
                unit_id=registration.unit_id,
                received_on=item.received_on,
                receipt_number=item.receipt_number,
                accepted_on=item.accepted_on,
                due_date=deadline.get("due_date"),
                extended_until=item.extended_until,
                extension_reason=item.extension_reason,
                extension_limit=deadline.get("extended_limit"),
                provisional=bool(deadline.get("provisional")),
                decided_on=item.decided_on,
                decided_by_id=staff.issuer_of_county[registration.county_id] if item.decided_on else None,
            )
            pending.append((plan, person, row))
            item.row = row
        self._insert("application", PermitApplication, [row for _, _, row in pending])

        materials, notices, permits, flags = [], [], [], []
        for plan, person, row in pending:
            item, registration = plan.application, plan.current.row
            materials += [
                ApplicationMaterial(
                    application_id=row.pk, person_id=person.pk, code=m.code, issuer=m.issuer, received_on=m.received_on
                )
                for m in item.materials
            ]
            if item.notice:
                item.notice.row = Notice(
                    application_id=row.pk,
                    person_id=person.pk,
                    number=item.notice.number,
                    given_on=item.notice.given_on,
                    condition=item.condition,
                    missing=item.notice.missing,
                    given_by_id=self.staff.clerk_of_station[registration.unit_id],
                )
                notices.append(item.notice.row)
            if item.flag:
                item.flag.row = DeadlineFlag(
                    kind=DeadlineFlag.Kind.ISSUANCE_OVERDUE,
                    person_id=person.pk,
                    county_id=registration.county_id,
                    object_type="registry.PermitApplication",
                    object_id=row.pk,
                    due_date=item.flag.due_date,
                    flagged_on=item.flag.flagged_on,
                    resolved_on=item.flag.resolved_on,
                )
                flags.append(item.flag.row)
            if plan.permit:
                permits.append((plan, person, registration, row))
        self._insert("material", ApplicationMaterial, materials)
        self._insert("notice", Notice, notices)
        self._insert("flag", DeadlineFlag, flags)
        self._permits(permits)

    def _permits(self, pending) -> None:
        rows = []
        for plan, person, registration, application in pending:
            item = plan.permit
            item.row = Permit(
                person_id=person.pk,
                county_id=registration.county_id,
                town_id=registration.town_id,
                number=item.number,
                application_id=application.pk,
                registration_id=registration.pk,
                status=item.status,
                holder_name=person.name,
                holder_sex=SEX_LABELS[person.sex],
                holder_ethnicity=self.ethnicities[person.ethnicity],
                holder_birth_date=person.birth_date,
                holder_id_number=person.id_number,
                holder_photo=self.photo,
                hukou_address=person.hukou_address,
                residence_address=registration.address,
                issuing_unit_id=self.staff.bureau_of_county[registration.county_id],
                issue_date=item.issue_date,
                registration_date=registration.declared_date,
                next_anniversary=item.next_anniversary,
                continuous_since=item.continuous_since,
                suspended_since=item.suspended_since,
            )
            rows.append(item.row)
        self._insert("permit", Permit, rows)
        cards, endorsements = [], []
        for (plan, person, registration, _), permit in zip(pending, rows, strict=True):
            clerk = self.staff.clerk_of_station[registration.unit_id]
            for c in plan.permit.cards:
                c.row = PermitCard(
                    permit_id=permit.pk,
                    person_id=person.pk,
                    version=c.version,
                    kind=c.kind,
                    status=c.status,
                    produced_on=c.produced_on,
                    handed_out_on=c.handed_out_on,
                    old_card_returned=c.old_card_returned,
                    voided_on=c.voided_on,
                    void_reason=c.void_reason,
                )
                cards.append(c.row)
            endorsements += [
                Endorsement(
                    permit_id=permit.pk,
                    person_id=person.pk,
                    date=e.date,
                    anniversary=e.anniversary,
                    late=e.late,
                    unit_id=registration.unit_id,
                    endorsed_by_id=clerk,
                )
                for e in plan.permit.endorsements
            ]
        self._insert("card", PermitCard, cards)
        self._insert("endorsement", Endorsement, endorsements)
