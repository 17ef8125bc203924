"""The append-only audit log (R-22, Art 25, Art 27).

Every write and every read of a person's data leaves one entry: who, in which
role and unit, for what purpose, on which object, when. Entries are chained: each
stores the SHA-256 of the previous entry's hash and its own canonical content, so
an edited or deleted row breaks the chain and ``juzhu audit verify`` finds it.
The database itself refuses UPDATE and DELETE on the table (triggers, migration
0002), and on PostgreSQL the application role gets no such privilege.

Logged reads do not take the chain's lock: they are queued in ``PendingAuditEntry``
(an insert, no hash) and the sequencer (``juzhu.audit.sequencer``) moves them into the
chain in batches within seconds, in queue order. ``queued_as`` is the queue id a chained
entry came from; it is hashed, unique, and lets the sequencer find deleted queue rows.
"""

from django.db import models


class AuditEntry(models.Model):
    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField("时间", db_index=True)
    actor_id = models.BigIntegerField("操作人ID", null=True)
    actor = models.CharField("操作人", max_length=150)
    role = models.CharField("角色", max_length=64, blank=True)
    unit = models.CharField("单位", max_length=128, blank=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    purpose = models.CharField("事由", max_length=200, blank=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    person_id = models.BigIntegerField("人员ID", null=True, db_index=True)
    detail = models.JSONField("详情", default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    queued_as = models.BigIntegerField("队列号", null=True, unique=True)

    class Meta:
        verbose_name = "审计记录"
        ordering = ["id"]
        indexes = [models.Index(fields=["actor_id", "at"]), models.Index(fields=["object_type", "object_id"])]


class PendingAuditEntry(models.Model):
    """A logged read waiting to be chained: the same content as an entry, no hashes.

    Written with one INSERT and no lock (R-22 reads); the database refuses UPDATE (trigger)
    and only the sequencer deletes rows, in the transaction that chains them. The id is
    monotonic (never reused), so a row deleted before it is chained leaves a gap that the
    sequencer records as an ``audit.gap`` entry.
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField("时间")
    actor_id = models.BigIntegerField("操作人ID", null=True)
    actor = models.CharField("操作人", max_length=150)
    role = models.CharField("角色", max_length=64, blank=True)
    unit = models.CharField("单位", max_length=128, blank=True)
    action = models.CharField("操作", max_length=64)
    purpose = models.CharField("事由", max_length=200, blank=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    person_id = models.BigIntegerField("人员ID", null=True, db_index=True)
    detail = models.JSONField("详情", default=dict)

    CONTENT = (
        "at",
        "actor_id",
        "actor",
        "role",
        "unit",
        "action",
        "purpose",
        "object_type",
        "object_id",
        "person_id",
        "detail",
    )

    class Meta:
        verbose_name = "待入链审计记录"
        ordering = ["id"]
