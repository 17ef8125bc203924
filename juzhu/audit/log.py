"""Writing and verifying the audit chain."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEntry

GENESIS = "0" * 64
_LOCK_KEY = 7_325_001  # PostgreSQL advisory lock serialising appends to the chain


def canonical(entry: AuditEntry) -> str:
    """The content the hash covers, in a form independent of the database."""
    return json.dumps(
        {
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
        },
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    )


def chain_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode("utf-8")).hexdigest()


def record(
    *,
    actor,
    action: str,
    obj: Any = None,
    person_id: int | None = None,
    purpose: str = "",
    detail: dict | None = None,
) -> AuditEntry:
    """Append one entry. Must run inside the transaction of the write it records."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
        prev_id, prev_hash = last if last else (0, GENESIS)
        entry = AuditEntry(
            id=prev_id + 1,
            at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor=getattr(actor, "username", str(actor or "system")),
            role=_role(actor),
            unit=str(getattr(actor, "unit", "") or ""),
            action=action,
            purpose=purpose,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            person_id=person_id,
            detail=_plain(detail or {}),
            prev_hash=prev_hash,
        )
        entry.hash = chain_hash(prev_hash, entry)
        entry.save(force_insert=True)
        return entry


@dataclass
class VerifyResult:
    checked: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(batch: int = 5000) -> VerifyResult:
    """Walk the chain in id order; report the first entry that does not fit."""
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


def _role(actor) -> str:
    groups = getattr(actor, "groups", None)
    if groups is None or getattr(actor, "pk", None) is None:
        return ""
    return ",".join(sorted(groups.values_list("name", flat=True)))


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))
