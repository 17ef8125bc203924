"""Logged reads are queued without the chain's lock; the sequencer chains them (issue 9)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from juzhu.audit.log import _LOCK_KEY, record, record_read, verify
from juzhu.audit.models import AuditEntry, PendingAuditEntry
from juzhu.audit.sequencer import GAP_ACTION, run_forever, sequence_now
from juzhu.registry.actions import view_person
from tests.factories import ensure_organisation
from tests.registry.flows import registered

pytestmark = pytest.mark.django_db


def test_a_read_is_queued_and_the_sequencer_chains_it_with_its_original_time(staff, clock):
    registration = registered(staff)
    view_person(acting_user=staff.clerk, person_id=registration.person_id, purpose="窗口查询")
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["registration.create"]
    queued = PendingAuditEntry.objects.get()
    assert (queued.action, queued.purpose, queued.role) == ("person.view", "窗口查询", "clerk")

    result = sequence_now()
    assert (result.chained, result.gaps, result.waiting) == (1, [], 0)
    assert not PendingAuditEntry.objects.exists()
    read = AuditEntry.objects.get(action="person.view")
    assert (read.id, read.queued_as, read.at, read.person_id) == (2, queued.id, queued.at, registration.person_id)
    assert read.prev_hash == AuditEntry.objects.get(pk=1).hash
    assert verify().ok and verify().checked == 2


def test_reads_join_the_chain_in_queue_order_after_the_writes_already_chained(staff, clock):
    registration = registered(staff)
    for purpose in ("一", "二", "三"):
        view_person(acting_user=staff.clerk, person_id=registration.person_id, purpose=purpose)
        record(actor=staff.clerk, action="calendar.enter", purpose=purpose)  # chained at once
    sequence_now()
    assert list(AuditEntry.objects.order_by("id").values_list("action", "purpose")) == [
        ("registration.create", "居住登记"),
        ("calendar.enter", "一"),
        ("calendar.enter", "二"),
        ("calendar.enter", "三"),
        ("person.view", "一"),
        ("person.view", "二"),
        ("person.view", "三"),
    ]
    assert verify().ok and verify().checked == 7


def test_the_sequencer_takes_a_batch_at_a_time_and_drains_the_queue(staff, clock):
    for n in range(7):
        record_read(actor=staff.clerk, action="person.search", purpose="查询", detail={"n": n})
    result = sequence_now(batch=3)
    assert (result.chained, result.waiting) == (7, 0)
    assert [e["n"] for e in AuditEntry.objects.order_by("id").values_list("detail", flat=True)] == list(range(7))
    assert verify().ok


def test_verify_covers_queued_reads_and_reports_the_queue(staff, clock):
    registration = registered(staff)
    view_person(acting_user=staff.clerk, person_id=registration.person_id, purpose="窗口查询")
    result = verify()
    assert result.ok and result.checked == 2 and result.queued == 0
    assert AuditEntry.objects.filter(action="person.view").exists()


def test_the_verify_command_chains_the_queue_and_says_how_many_wait(staff, clock, capsys):
    record_read(actor=staff.clerk, action="person.search", purpose="查询")
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "已校验 1 条" in out and "待入链 0 条" in out
    record_read(actor=staff.clerk, action="person.search", purpose="查询")
    call_command("audit", "sequence")
    assert "已入链 1 条" in capsys.readouterr().out
    assert AuditEntry.objects.count() == 2


def test_the_database_refuses_to_change_a_queued_read(staff, clock):
    record_read(actor=staff.clerk, action="person.search", purpose="查询")
    with pytest.raises(DatabaseError), transaction.atomic():
        PendingAuditEntry.objects.update(purpose="改过")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_pendingauditentry")
    assert PendingAuditEntry.objects.get().purpose == "查询"


def _queue_three(staff) -> list[PendingAuditEntry]:
    return [record_read(actor=staff.clerk, action="person.search", purpose=str(n)) for n in range(3)]


def test_a_queued_read_deleted_before_chaining_is_recorded_as_a_gap(staff, clock):
    first, deleted, last = _queue_three(staff)
    PendingAuditEntry.objects.filter(pk=deleted.pk).delete()  # someone with write access to the database
    result = sequence_now(grace=datetime.timedelta(0))
    assert result.gaps == [(deleted.pk, deleted.pk)]
    assert list(AuditEntry.objects.order_by("id").values_list("action", "queued_as")) == [
        ("person.search", first.pk),
        (GAP_ACTION, None),
        ("person.search", last.pk),
    ]
    gap = AuditEntry.objects.get(action=GAP_ACTION)
    assert gap.detail == {"missing_from": deleted.pk, "missing_to": deleted.pk, "found_before": last.pk}
    assert verify().ok  # the chain itself is whole: the gap is in it, for everyone to see


def test_a_fresh_gap_waits_for_a_transaction_that_may_still_commit(staff, clock):
    _queue_three(staff)
    sequence_now()  # chains all three: no gap
    later = [record_read(actor=staff.clerk, action="person.search", purpose=str(n)) for n in range(3)]
    PendingAuditEntry.objects.filter(pk=later[0].pk).delete()  # as if still uncommitted
    result = sequence_now(grace=datetime.timedelta(hours=1))
    assert (result.chained, result.gaps, result.waiting) == (0, [], 2)
    assert not AuditEntry.objects.filter(action=GAP_ACTION).exists()


def test_the_first_queued_read_ever_chained_starts_the_count(staff, clock):
    """A flushed test database keeps its queue ids going: no gap before the first one."""
    first, *_ = _queue_three(staff)
    PendingAuditEntry.objects.filter(pk=first.pk).delete()
    assert sequence_now(grace=datetime.timedelta(0)).gaps == []


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite: every insert takes the write lock")
@pytest.mark.django_db(transaction=True)
def test_a_read_completes_while_another_transaction_holds_the_chain_lock(clock, flushable_audit):
    staff = ensure_organisation()
    registration = registered(staff)  # committed: this connection holds no lock afterwards
    held, done = threading.Event(), threading.Event()

    def hold_the_chain_lock():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
                held.set()
                done.wait(30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_chain_lock)
    holder.start()
    try:
        assert held.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        view_person(acting_user=staff.clerk, person_id=registration.person_id, purpose="窗口查询")
        assert PendingAuditEntry.objects.filter(action="person.view").count() == 1
        with pytest.raises(DatabaseError, match="lock timeout"), transaction.atomic():
            record(actor=staff.clerk, action="calendar.enter")  # a write does wait for the chain
    finally:
        done.set()
        holder.join(30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")


@pytest.mark.django_db(transaction=True)
def test_concurrent_sequencers_neither_duplicate_nor_fork_the_chain(flushable_audit):
    staff = ensure_organisation()
    reads, threads_count, per_thread = [], 4, 25
    barrier = threading.Barrier(threads_count * 2)

    def read_then_sequence(n: int, sequence: bool):
        try:
            barrier.wait()
            for i in range(per_thread):
                reads.append(record_read(actor=staff.clerk, action="person.search", detail={"n": n, "i": i}))
                if sequence and i % 5 == 0:
                    sequence_now()
            if sequence:
                sequence_now()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read_then_sequence, args=(n, n % 2 == 0)) for n in range(threads_count * 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    sequence_now()
    chained = list(AuditEntry.objects.order_by("id").values_list("id", "queued_as", "action"))
    assert len(chained) == threads_count * 2 * per_thread and not PendingAuditEntry.objects.exists()
    assert sorted(q for _, q, _ in chained) == sorted(r.pk for r in reads)  # each read exactly once
    assert [i for i, _, _ in chained] == list(range(1, len(chained) + 1))
    assert verify().ok


@pytest.mark.django_db(transaction=True)
def test_the_servers_background_sequencer_chains_a_read_within_seconds(flushable_audit):
    staff = ensure_organisation()
    record_read(actor=staff.clerk, action="person.search", purpose="查询")
    stop = threading.Event()
    thread = threading.Thread(target=run_forever, args=(0.05, stop))
    thread.start()
    try:
        deadline = timezone.now() + datetime.timedelta(seconds=20)
        while PendingAuditEntry.objects.exists() and timezone.now() < deadline:
            stop.wait(0.05)
    finally:
        stop.set()
        thread.join(10)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["person.search"]


def test_the_timeline_shows_a_print_before_and_after_it_is_chained_once(staff, clock):
    from juzhu.office.timeline import timeline_for

    registration = registered(staff)
    record_read(
        actor=staff.clerk,
        action="document.print",
        obj=registration,
        person_id=registration.person_id,
        purpose="打印居住登记凭证",
    )

    def printed() -> list[str]:
        return [e["detail"] for e in timeline_for(registration.person) if e["what"] == "打印文书"]

    assert printed() == ["打印居住登记凭证"]
    sequence_now()
    assert printed() == ["打印居住登记凭证"]


def test_the_daily_job_chains_the_queue_first(staff, clock):
    from juzhu.registry.jobs.daily import run_daily

    record_read(actor=staff.clerk, action="person.search", purpose="查询")
    run_daily(datetime.date(2026, 3, 2))
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == ["person.search", "job.daily"]
    assert not PendingAuditEntry.objects.exists()
