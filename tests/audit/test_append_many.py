"""Bulk appends (imports, demo data) continue the same hash chain as single entries."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection

from juzhu.audit import triggers
from juzhu.audit.log import GENESIS, append_many, build_entry, chain_hash, record, verify
from juzhu.audit.models import AuditEntry
from juzhu.audit.sequencer import sequence_now
from juzhu.registry.actions import view_person
from tests.registry.flows import registered

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _imported(staff, registration, count: int) -> list[AuditEntry]:
    start = datetime.datetime(2024, 3, 1, 9, 30, tzinfo=SHANGHAI)
    return [
        build_entry(
            actor=staff.clerk,
            action="registration.create",
            obj=registration,
            person_id=registration.person_id,
            purpose="居住登记",
            at=start + datetime.timedelta(days=n, microseconds=n),
            # a date and an int key: stored as JSON makes them strings, and the hash covers that
            detail={"due_date": datetime.date(2024, 3, 8) + datetime.timedelta(days=n), 7: n},
        )
        for n in range(count)
    ]


def test_bulk_appended_entries_continue_the_chain_between_single_ones(staff, clock):
    registration = registered(staff)  # one entry by record()
    view_person(acting_user=staff.issuer, person_id=registration.person_id, purpose="审核")
    sequence_now()  # the read joins the chain
    before = list(AuditEntry.objects.order_by("id").values_list("id", "hash"))
    assert len(before) == 2
    append_many(_imported(staff, registration, 2500), batch_size=1000)  # more than one insert batch
    after = record(
        actor=staff.clerk,
        action="person.view",
        obj=registration.person,
        person_id=registration.person_id,
        purpose="窗口查询",
    )

    rows = list(AuditEntry.objects.order_by("id"))
    assert [r.id for r in rows] == list(range(1, 2504)) and after.id == 2503
    assert [(r.id, r.hash) for r in rows[:2]] == before
    previous = GENESIS
    for row in rows:  # each row names the one before it and its hash covers what is stored
        assert row.prev_hash == previous and row.hash == chain_hash(previous, row)
        previous = row.hash
    imported = rows[2:-1]
    assert imported[0].prev_hash == before[-1][1] and after.prev_hash == imported[-1].hash
    assert {r.detail["7"] for r in imported} == set(range(2500)) and imported[0].detail["due_date"] == "2024-03-08"
    assert {(r.actor, r.role, r.unit) for r in imported} == {("clerk_laocheng", "clerk", "老城街道派出所")}
    assert imported[0].at == datetime.datetime(2024, 3, 1, 1, 30, tzinfo=datetime.timezone.utc)
    result = verify(batch=700)
    assert result.ok and result.checked == 2503
    call_command("audit", "verify")


def test_an_edited_bulk_appended_entry_is_detected(staff, clock):
    registration = registered(staff)
    append_many(_imported(staff, registration, 20))
    record(
        actor=staff.clerk,
        action="person.view",
        obj=registration.person,
        person_id=registration.person_id,
        purpose="窗口查询",
    )
    assert verify().ok
    triggers.remove(connection)  # what only the database owner could do; rolled back
    AuditEntry.objects.filter(pk=11).update(actor="someone_else")
    result = verify()
    assert not result.ok and result.broken_at == 11 and "篡改" in result.problem


def test_a_deleted_bulk_appended_entry_is_detected(staff, clock):
    registration = registered(staff)
    append_many(_imported(staff, registration, 20))
    triggers.remove(connection)  # what only the database owner could do; rolled back
    AuditEntry.objects.filter(pk=21).delete()  # the last of the batch: only the head hash would tell
    assert verify().ok
    AuditEntry.objects.filter(pk=5).delete()
    result = verify()
    assert not result.ok and result.broken_at == 5 and "删除" in result.problem


def test_append_many_refuses_times_without_a_zone_and_writes_nothing(staff, clock):
    registration = registered(staff)
    entries = _imported(staff, registration, 3)
    entries[2].at = datetime.datetime(2024, 3, 4, 9, 30)  # noqa: DTZ001  the naive time refused here
    with pytest.raises(ValueError, match="timezone-aware"):
        append_many(entries)
    assert AuditEntry.objects.count() == 1
    append_many([])
    assert AuditEntry.objects.count() == 1 and verify().ok


def test_the_role_is_read_once_per_entry_unless_given(staff, clock, django_assert_num_queries):
    registration = registered(staff)
    with django_assert_num_queries(1):  # the actor's groups
        entry = build_entry(actor=staff.issuer, action="person.view", obj=registration.person)
    assert entry.role == "issuer" and entry.unit == "安康市公安局汉滨分局"
    with django_assert_num_queries(0):
        assert build_entry(actor=staff.issuer, role="issuer", action="person.view").role == "issuer"
    assert build_entry(actor=None, action="permit.suspend").actor == "system"
