"""Writing and verifying the audit chain.

Writes call ``record`` inside their own transaction: the entry is chained there, under the
chain's lock. Logged reads (R-22) call ``record_read``: one INSERT into the queue, no lock,
no hash; ``juzhu.audit.sequencer`` chains the queue within seconds.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from juzhu import clock

from .events import Event, as_event
from .inserts import insert_one
from .models import AuditEntry, PendingAuditEntry

GENESIS = "0" * 64
_LOCK_KEY = 7_325_001  # PostgreSQL advisory lock serialising appends to the chain


def canonical(entry: AuditEntry) -> str:
    """The content the hash covers, in a form independent of the database.

    ``queued_as`` (a chained read's queue id) is covered when set; entries without it hash
    as they did before the queue existed.
    """
    content = {
        "id": entry.id,
        "at": entry.at.astimezone(datetime.timezone.utc).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor": entry.actor,
        "role": entry.role,
        "unit": entry.unit,
        "action": entry.action,
        "purpose": entry.purpose,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "person_id": entry.person_id,
        "detail": entry.detail,
    }
    if entry.queued_as is not None:
        content["queued_as"] = entry.queued_as
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def chain_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode("utf-8")).hexdigest()


def build_entry(
    *,
    actor: object,  # org.User, or None or a name for the system
    action: Event | str,
    obj: Any = None,
    person_id: int | None = None,
    purpose: str = "",
    detail: dict[str, Any] | None = None,
    at: datetime.datetime | None = None,
    role: str | None = None,
) -> AuditEntry:
    """An entry not yet in the chain (no id, no hashes): for ``record`` and ``append_many``.

    ``role`` may be given when the caller already knows the actor's roles (bulk imports:
    ``actor_role`` once per actor); otherwise the actor's groups are read. ``action`` must be
    in the catalogue (``juzhu.audit.events``): a string that is not raises ``ValueError``.
    ``at`` defaults to the clock's now (``juzhu.clock``: a replayed history keeps its dates).
    """
    return AuditEntry(
        **entry_content(
            actor=actor, action=action, obj=obj, person_id=person_id, purpose=purpose, detail=detail, at=at, role=role
        )
    )


def entry_content(
    *,
    actor: object,
    action: Event | str,
    obj: Any,
    person_id: int | None,
    purpose: str,
    detail: dict[str, Any] | None,
    at: datetime.datetime | None,
    role: str | None,
) -> dict[str, Any]:
    """The content an entry records (``PendingAuditEntry.CONTENT``), as ``build_entry`` documents."""
    return {
        "at": at or clock.now(),  # the action's moment (the demo replays history at its dates)
        "actor_id": getattr(actor, "pk", None),
        "actor": getattr(actor, "username", str(actor or "system")),
        "role": actor_role(actor) if role is None else role,
        "unit": str(getattr(actor, "unit", "") or ""),
        "action": as_event(action).value,
        "purpose": purpose,
        "object_type": obj._meta.label if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "person_id": person_id,
        "detail": detail or {},
    }


def record(
    *,
    actor: object,  # org.User, or None or a name for the system
    action: Event | str,
    obj: Any = None,
    person_id: int | None = None,
    purpose: str = "",
    detail: dict[str, Any] | None = None,
    at: datetime.datetime | None = None,
) -> AuditEntry:
    """Append one entry. Must run inside the transaction of the write it records; ``at`` is the
    moment the action read from the clock (``juzhu.registry.events.emit`` passes it)."""
    with transaction.atomic():
        prev_id, prev_hash = _lock_head()
        entry = build_entry(
            actor=actor, action=action, obj=obj, person_id=person_id, purpose=purpose, detail=detail, at=at
        )
        _link([entry], prev_id, prev_hash)
        entry.save(force_insert=True)
        return entry


def record_read(
    *,
    actor: object,  # org.User, or None or a name for the system
    action: Event | str,
    obj: Any = None,
    person_id: int | None = None,
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> PendingAuditEntry:
    """Log a read of personal data (R-22): one INSERT into the queue, without the chain's lock;
    atomic by itself, so a caller needs no transaction around it (no BEGIN/COMMIT round trips).

    Same arguments as ``record``. The sequencer chains the entry within seconds
    (``juzhu.audit.sequencer``); until then the queue row is the record. Only a read event
    may be queued: a write's entry belongs in its own transaction (``record``). A read is
    stamped with the wall clock, not ``juzhu.clock``: the sequencer's grace for a gap in the
    queue is measured against it.
    """
    if not as_event(action).read:
        raise ValueError(f"{action} 不是读取事件，应由 record 在写入的事务中记录")
    content = entry_content(
        actor=actor,
        action=action,
        obj=obj,
        person_id=person_id,
        purpose=purpose,
        detail=_plain(detail or {}),
        at=timezone.now(),
        role=None,
    )
    queued = PendingAuditEntry(**content)
    queued.id = insert_one(PendingAuditEntry, content)  # one prebuilt INSERT (juzhu.audit.inserts)
    queued._state.adding = False
    return queued


def append_many(entries: list[AuditEntry], batch_size: int = 2000) -> None:
    """Append entries in the order given, chained as ``record`` chains one (imports, the daily job's flags).

    Each entry's ``at`` must be timezone-aware; ids, ``prev_hash`` and ``hash`` are assigned
    and ``detail`` is normalised here. Runs in one transaction under the chain's lock, so a
    concurrent ``record`` comes wholly before or wholly after the batch.
    """
    if not entries:
        return
    for entry in entries:
        if entry.at is None or timezone.is_naive(entry.at):
            raise ValueError(f"audit entry {entry.action!r} needs a timezone-aware time")
    with transaction.atomic():
        prev_id, prev_hash = _lock_head()
        _link(entries, prev_id, prev_hash)
        AuditEntry.objects.bulk_create(entries, batch_size=batch_size)


def _lock_head() -> tuple[int, str]:
    """Take the chain's lock (inside a transaction) and return the last entry's id and hash.

    PostgreSQL: an advisory lock held until the transaction ends. SQLite: transactions
    begin IMMEDIATE (settings), which already holds the database's write lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    last = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
    return last if last else (0, GENESIS)


def _link(entries: list[AuditEntry], prev_id: int, prev_hash: str) -> None:
    """Number and chain the entries after (prev_id, prev_hash); the detail is hashed as stored."""
    for entry in entries:
        prev_id += 1
        entry.id, entry.prev_hash = prev_id, prev_hash
        entry.detail = _plain(entry.detail or {})
        entry.hash = prev_hash = chain_hash(prev_hash, entry)


@dataclass
class VerifyResult:
    checked: int
    broken_at: int | None = None
    problem: str = ""
    queued: int = 0  # reads still queued after sequencing (held back behind a fresh gap)

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(batch: int = 5000) -> VerifyResult:
    """Chain the queued reads first (so every entry is covered), then walk the chain in id
    order; report the first entry that does not fit."""
    from .sequencer import sequence_now  # the sequencer builds on this module

    queued = sequence_now().waiting
    result = _walk(batch)
    result.queued = queued
    return result


def _walk(batch: int) -> VerifyResult:
    prev_hash, expected_id, checked = GENESIS, 1, 0
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return VerifyResult(checked)
        for entry in rows:
            if entry.id != expected_id:
                return VerifyResult(checked, expected_id, f"第 {expected_id} 条审计记录缺失（被删除）")
            if entry.prev_hash != prev_hash or chain_hash(prev_hash, entry) != entry.hash:
                return VerifyResult(checked, entry.id, f"第 {entry.id} 条审计记录内容与哈希链不符（被篡改）")
            prev_hash, expected_id, checked = entry.hash, expected_id + 1, checked + 1
        last_id = rows[-1].id


# Where a request that already read the actor's groups leaves her roles (juzhu.org.access).
ROLES_ATTRIBUTE = "_audit_roles"


def actor_role(actor: object) -> str:
    """The actor's roles as an entry records them (one query; cache it for many entries)."""
    known = getattr(actor, ROLES_ATTRIBUTE, None)
    if known is not None:
        return str(known)
    groups = getattr(actor, "groups", None)
    if groups is None or getattr(actor, "pk", None) is None:
        return ""
    return ",".join(sorted(groups.values_list("name", flat=True)))


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))
