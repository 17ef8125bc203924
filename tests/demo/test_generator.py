"""The demo residents, made by the registry's actions at their dates: the rules agree with every row."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import F

from juzhu.audit.log import verify
from juzhu.audit.models import AuditEntry
from juzhu.demo.timeline import STATES
from juzhu.org.models import Unit, User
from juzhu.registry.actions.common import next_number
from juzhu.registry.models import (
    ApplicationMaterial,
    Child,
    DeadlineFlag,
    Notice,
    Permit,
    PermitApplication,
    PermitCard,
    Person,
    Registration,
    Sequence,
)
from juzhu.rules import evaluate

from .conftest import COUNT, TODAY

pytestmark = pytest.mark.django_db


def ask(rules_ctx, question, **case):
    return evaluate({"question": question, **case}, rules_ctx)


def test_every_state_appears_and_the_rows_are_there(demo):
    assert demo["residents"] == COUNT == Person.objects.count()
    assert sum(demo["states"].values()) == COUNT
    assert all(demo["states"][state] >= 1 for state, _ in STATES), demo["states"]
    assert demo["rows"]["registration"] == Registration.objects.count() > COUNT  # the moved have two
    assert demo["rows"]["child"] == Child.objects.count() > 0
    assert Registration.objects.filter(status="cancelled").count() == demo["states"]["cancelled"]
    moved = Registration.objects.filter(status="moved")  # the old one points at the new one
    assert moved.count() == demo["states"]["moved"] == moved.filter(moved_to__person=F("person")).count()
    entry = AuditEntry.objects.get(action="demo.generate")
    assert entry.actor_id is None and entry.detail["states"] == demo["states"]
    # the residents' history and the stations' staff, made by the staff actions inside the run
    assert AuditEntry.objects.filter(action="staff.create").count() == User.objects.count()
    assert AuditEntry.objects.count() == demo["rows"]["audit"] + 1 and verify().ok


def test_identity_numbers_are_valid_and_match_the_person(demo, rules_ctx):
    for person in Person.objects.all():
        answer = ask(rules_ctx, "id_number", value=person.id_number)
        assert answer.outcome == "valid", (person.id_number, answer.reasons)
        assert answer.fields["region"] == person.hukou_division_id
        assert (answer.fields["sex"], answer.fields["birth_date"]) == (person.sex, person.birth_date)
        assert datetime.date(1950, 1, 1) <= person.birth_date <= datetime.date(2008, 12, 31)
        assert re.fullmatch(r"1[3-9]\d{9}", person.phone) and person.name_initials
    for child in Child.objects.all():
        answer = ask(rules_ctx, "id_number", value=child.id_number)
        assert answer.outcome == "valid" and answer.fields["sex"] == child.sex
    hukous = set(Person.objects.values_list("hukou_division_id", flat=True))
    assert {"61", "51", "42", "41", "50"} <= {code[:2] for code in hukous}


def test_everyone_is_floating_where_registered_and_lives_at_the_active_registration(demo, rules_ctx):
    clerks = {u.pk: u for u in User.objects.filter(groups__name="clerk")}
    for registration in Registration.objects.select_related("person", "unit"):
        answer = ask(
            rules_ctx,
            "floating_status",
            hukou_division=registration.person.hukou_division_id,
            residence_division=registration.county_id,
        )
        assert answer.outcome == "floating"
        assert registration.decision["floating_status"]["outcome"] == "floating"
        assert registration.unit.kind == Unit.Kind.STATION
        assert registration.unit.towns.filter(code=registration.town_id).exists()
        assert clerks[registration.registered_by_id].unit_id == registration.unit_id
        assert registration.town_id.startswith(registration.county_id)
    for person in Person.objects.all():
        active = Registration.objects.filter(person=person, status="active").first()
        assert (person.county_id, person.town_id) == ((active.county_id, active.town_id) if active else (None, None))


def test_registration_due_dates_and_late_flags_follow_registration_duty(demo, rules_ctx):
    late = 0
    for registration in Registration.objects.all():
        answer = ask(
            rules_ctx, "registration_duty", arrival_date=registration.arrival_date, as_of=registration.declared_date
        )
        assert answer.fields["due_date"] == registration.due_date
        assert answer.fields["late"] == registration.late
        assert answer.fields["provisional"] == registration.provisional
        assert rules_ctx.calendar.is_working_day(registration.declared_date)
        late += registration.late
    assert late >= demo["states"]["registered_late"]


def test_permits_follow_endorsement_status_as_of_today(demo, rules_ctx):
    statuses = Counter()
    for permit in Permit.objects.select_related("application", "registration"):
        endorsements = list(permit.endorsements.order_by("date"))
        answer = ask(
            rules_ctx,
            "endorsement_status",
            issue_date=permit.issue_date,
            registration_date=permit.registration_date,
            endorsements=[e.date for e in endorsements],
            as_of=TODAY,
        )
        if answer.outcome == "valid":
            assert (permit.status, permit.next_anniversary, permit.continuous_since, permit.suspended_since) == (
                "valid",
                answer.fields["next_anniversary"],
                answer.fields["continuous_since"],
                None,
            )
        else:
            assert answer.outcome == "suspended"
            assert (permit.status, permit.next_anniversary, permit.suspended_since) == (
                "suspended",
                answer.fields["missed_anniversary"],
                answer.fields["suspended_since"],
            )
        history = answer.facts["history"]
        assert [(e.anniversary, e.late) for e in endorsements] == [(h["anniversary"], h["late"]) for h in history]
        statuses[permit.status] += 1
        cards = list(permit.cards.order_by("version"))
        assert cards and [c.version for c in cards] == list(range(1, len(cards) + 1))
        assert [c.status for c in cards[:-1]] == ["void"] * (len(cards) - 1) and cards[-1].status != "void"
        assert all(c.voided_on and c.void_reason for c in cards[:-1]) and cards[0].kind == "original"
        application, registration = permit.application, permit.registration
        assert application.status == "issued" and application.decided_on == permit.issue_date
        assert registration.status == "active" and registration.declared_date == permit.registration_date
        eligible = ask(
            rules_ctx,
            "permit_eligibility",
            registration_date=registration.declared_date,
            application_date=application.received_on,
            conditions=[application.condition],
        )
        assert eligible.outcome == "eligible"
        assert permit.issuing_unit.kind == Unit.Kind.COUNTY_BUREAU and permit.issuing_unit.county_id == permit.county_id
    assert statuses["suspended"] == demo["states"]["suspended"] and statuses["valid"] > 0
    assert PermitCard.objects.filter(kind__in=["replacement", "reissue"]).exists()


def test_issuance_due_dates_and_overdue_flags_follow_issuance_deadline(demo, rules_ctx):
    for application in PermitApplication.objects.exclude(accepted_on=None):
        answer = ask(rules_ctx, "issuance_deadline", acceptance_date=application.accepted_on)
        assert (application.due_date, application.extension_limit) == (
            answer.fields["due_date"],
            answer.fields["extended_limit"],
        )
        assert application.receipt_number.startswith(f"HZ{application.county_id}{application.accepted_on.year}")
        if application.extended_until:
            assert application.due_date < application.extended_until <= application.extension_limit
        flag = DeadlineFlag.objects.filter(object_type="registry.PermitApplication", object_id=application.pk).first()
        if application.status == "accepted":
            assert (flag is not None) == (application.effective_due_date < TODAY)
        elif flag:  # the daily job closed it the morning after the decision
            assert flag.resolved_on == application.decided_on + datetime.timedelta(days=1)
            assert application.decided_on > flag.due_date and flag.flagged_on == flag.due_date + datetime.timedelta(
                days=1
            )
    assert DeadlineFlag.objects.filter(resolved_on=None).count() == demo["states"]["accepted_overdue"]


def test_every_notice_lists_exactly_what_missing_materials_says(demo, rules_ctx):
    incomplete = PermitApplication.objects.filter(status="incomplete")
    assert incomplete.count() == demo["states"]["incomplete"]
    for application in incomplete:
        assert application.notices.count() == 1
    for notice in Notice.objects.select_related("application"):
        application = notice.application
        codes = sorted(
            ApplicationMaterial.objects.filter(application=application, received_on__lte=notice.given_on).values_list(
                "code", flat=True
            )
        )
        answer = ask(rules_ctx, "missing_materials", condition=application.condition, materials=codes)
        assert answer.outcome == "incomplete" and notice.missing == answer.fields["missing"]
        assert notice.number.startswith(f"GZ{application.county_id}{application.received_on.year}")
        if application.status != "incomplete":  # supplemented: complete on acceptance
            everything = sorted(application.materials.values_list("code", flat=True))
            assert (
                ask(rules_ctx, "missing_materials", condition=application.condition, materials=everything).outcome
                == "complete"
            )


def test_numbers_are_unique_in_the_actions_formats_and_sequences_continue(demo):
    numbers = {
        "registration": (Registration.objects.values_list("number", "county_id"), r"DJ\d{6}\d{4}\d{7}"),
        "receipt": (
            PermitApplication.objects.exclude(receipt_number=None).values_list("receipt_number", "county_id"),
            r"HZ\d{6}\d{4}\d{6}",
        ),
        "notice": (Notice.objects.values_list("number", "application__county_id"), r"GZ\d{6}\d{4}\d{6}"),
        "permit": (Permit.objects.values_list("number", "county_id"), r"\d{6}\d{4}\d{7}"),
    }
    for kind, (rows, pattern) in numbers.items():
        rows = list(rows)
        assert len({number for number, _ in rows}) == len(rows) > 0
        highest = Counter()
        for number, county in rows:
            assert re.fullmatch(pattern, number), number
            digits = re.sub(r"^(DJ|HZ|GZ)", "", number)
            assert digits[:6] == county
            key = (county, int(digits[6:10]))
            highest[key] = max(highest[key], int(digits[10:]))
        for (county, year), last in highest.items():
            assert Sequence.objects.get(kind=kind, scope=county, year=year).last == last
    ids = list(Person.objects.values_list("id_number", flat=True))
    assert len(set(ids)) == len(ids)
    county, year = Registration.objects.values_list("county_id", "declared_date__year").first()
    last = Sequence.objects.get(kind="registration", scope=county, year=year).last
    with transaction.atomic():
        assert next_number("registration", county, year) == last + 1
