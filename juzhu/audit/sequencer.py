"""The sequencer: chains the queued reads in batches (issue 9), as transparency logs
(Trillian) integrate queued leaves.

A logged read (``record_read``) is one INSERT into ``PendingAuditEntry``, without the
chain's lock. The sequencer takes the lock once per batch, and in ONE transaction gives
the queued rows, in queue-id order, their chain ids and hashes (each keeps its original
``at`` and records its queue id as ``queued_as``), inserts them into ``AuditEntry`` and
deletes them from the queue. Two sequencers at once are safe: the chain's lock
(PostgreSQL advisory lock; SQLite's write lock) serialises them, and a queue row is
chained at most once (``queued_as`` is unique).

It runs in the server (``start_in_background``: a thread in every process that imports
``juzhu.wsgi``, restarted in a child forked by a pre-loading server), as
``juzhu audit sequence [--loop]``, at the start of ``juzhu audit verify`` and of the daily
job. Bound on tamper evidence: a read is chained within ``INTERVAL`` seconds (plus the
batch time) while the server runs.

Queue ids are monotonic, so a queued row deleted before it is chained leaves a gap. A gap
may also be a transaction that took its id and has not committed yet; the sequencer waits
until the row after the gap is ``GRACE`` old, then records the gap as an ``audit.gap``
entry (and chains a late row that still arrives). A gap is thus in the chain within
``INTERVAL + GRACE`` seconds once a later read has been queued. A deleted row at the very
end of the queue is noticed with the next read. PostgreSQL also leaves a gap when a read's
transaction rolls back or after a crash (its sequence skips ahead): ``audit.gap`` says
"missing", an administrator tells which.
"""

from __future__ import annotations

import datetime
import logging
import os
import threading
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from .events import Event
from .inserts import insert_many
from .log import _link, _lock_head, build_entry
from .models import AuditEntry, PendingAuditEntry

logger = logging.getLogger(__name__)

INTERVAL = 2.0  # seconds between two runs in the server
GRACE = datetime.timedelta(seconds=5)  # how long a gap may be a transaction still committing
BATCH = 1000
# In the server, small batches with a pause between them: a batch holds the chain's lock (on
# SQLite the database's write lock, which every logged read needs) about a tenth as long as one
# of 1,000, and the pause lets the reads waiting for it in (SQLite's busy handler backs off in
# steps of up to 100 ms). Card check p99 at 16 clients: 174 ms with batches of 1,000, 76 ms with
# these, 41 ms with no sequencer at all (benchmarks/README.md).
SERVER_BATCH = 100
SERVER_PAUSE = 0.05  # seconds
GAP_ACTION = Event.AUDIT_GAP
ENTRY_COLUMNS = tuple(field.attname for field in AuditEntry._meta.concrete_fields)  # ids set by _link


@dataclass
class SequenceResult:
    chained: int = 0
    gaps: list[tuple[int, int]] = field(default_factory=list)
    waiting: int = 0  # queued rows held back behind a gap younger than GRACE


def sequence_now(*, batch: int = BATCH, grace: datetime.timedelta = GRACE, pause: float = 0.0) -> SequenceResult:
    """Chain everything queued now (batch after batch, ``pause`` seconds between two); what a
    gap holds back stays queued."""
    result = SequenceResult()
    while True:
        chained, gaps, held = _sequence_batch(batch, grace)
        result.chained += chained
        result.gaps += gaps
        if held or chained < batch:
            result.waiting = queue_length()
            return result
        if pause:
            time.sleep(pause)  # let the reads waiting for the lock in


def queue_length() -> int:
    return PendingAuditEntry.objects.count()


def _sequence_batch(batch: int, grace: datetime.timedelta) -> tuple[int, list[tuple[int, int]], bool]:
    """One transaction under the chain's lock: chain up to ``batch`` queued rows in queue order."""
    with transaction.atomic():
        prev_id, prev_hash = _lock_head()
        pending = list(PendingAuditEntry.objects.order_by("id")[:batch])
        if not pending:
            return 0, [], False
        highest = AuditEntry.objects.aggregate(highest=Max("queued_as"))["highest"]
        # The first queued row ever chained starts the count (a fresh or flushed database).
        expected = pending[0].id if highest is None else highest + 1
        # Real time, as record_read times the queued reads: the grace is a wait for a commit in
        # flight, not a date of the measure (a frozen or demo clock would hold entries forever).
        now, entries, taken, gaps, held = timezone.now(), [], [], [], False
        for row in pending:
            if row.id > expected:
                if now - row.at < grace:
                    held = True  # the missing id may still commit
                    break
                gaps.append((expected, row.id - 1))
                entries.append(_gap_entry(expected, row.id - 1, row.id, now))
            entries.append(
                AuditEntry(queued_as=row.id, **{name: getattr(row, name) for name in PendingAuditEntry.CONTENT})
            )
            taken.append(row.id)
            expected = max(expected, row.id + 1)
        if entries:
            _link(entries, prev_id, prev_hash)
            insert_many(AuditEntry, ENTRY_COLUMNS, entries)  # prebuilt: about half bulk_create's CPU
            PendingAuditEntry.objects.filter(id__in=taken).delete()
    for first, last in gaps:
        logger.warning("审计队列缺号 %s–%s：排队中的审计记录在入链前被删除或其事务已回滚", first, last)
    return len(taken), gaps, held


def _gap_entry(first: int, last: int, before: int, now: datetime.datetime) -> AuditEntry:
    return build_entry(
        actor=None,
        action=GAP_ACTION,
        purpose="审计队列缺号",
        at=now,
        role="",
        detail={"missing_from": first, "missing_to": last, "found_before": before},
    )


_started = threading.Lock()
_thread: threading.Thread | None = None


def start_in_background(interval: float = INTERVAL) -> threading.Thread:
    """Start the sequencer's thread once per process (``juzhu.wsgi`` calls it).

    A thread does not survive ``fork``: a server that loads the application and then forks
    its workers (gunicorn ``--preload``) gets one started again in each child.
    """
    global _thread
    with _started:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=run_forever, args=(interval,), name="audit-sequencer", daemon=True)
            _thread.start()
        return _thread


def _restart_after_fork() -> None:
    global _started, _thread
    if _thread is not None:
        _started, _thread = threading.Lock(), None
        start_in_background()


os.register_at_fork(after_in_child=_restart_after_fork)


def run_forever(interval: float = INTERVAL, stop: threading.Event | None = None) -> None:
    """Sequence every ``interval`` seconds; an error is logged and retried on the next round."""
    stop = stop or threading.Event()
    try:
        while not stop.wait(interval):
            try:
                if PendingAuditEntry.objects.exists():
                    sequence_now(batch=SERVER_BATCH, pause=SERVER_PAUSE)
            except Exception:  # a database restart must not end the thread
                logger.exception("审计队列入链失败，稍后重试")
                connection.close()
    finally:
        connection.close()
