"""Logged reads are queued without the chain's lock and chained by the sequencer (issue 9).

Adds the queue (``PendingAuditEntry``) and ``AuditEntry.queued_as``, then (re)installs the
triggers: the queue refuses UPDATE (and TRUNCATE on PostgreSQL), and on SQLite adding a
unique column rebuilds the audit table, which drops its triggers.
"""

from django.db import migrations, models


def install(apps, schema_editor):
    from juzhu.audit.triggers import install

    install(schema_editor.connection)


def remove_queue_triggers(apps, schema_editor):
    """Backwards: the queue table is dropped next; the chain's triggers stay.

    Refused once reads have been queued: the chain's hashes cover ``queued_as``, and queued
    reads would be lost.
    """
    from juzhu.audit.triggers import QUEUE_TABLE

    if (apps.get_model("audit", "AuditEntry").objects.filter(queued_as__isnull=False).exists()
            or apps.get_model("audit", "PendingAuditEntry").objects.exists()):
        raise RuntimeError("audit.0003 cannot be unapplied: queued reads are in the chain or the queue")

    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            for name in ("audit_queue_no_change", "audit_queue_no_truncate"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {QUEUE_TABLE}")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_queue_no_update")


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only'),
    ]

    operations = [
        # Backwards, last: SQLite rebuilt the audit table when dropping the column; its triggers again.
        migrations.RunPython(migrations.RunPython.noop, install),
        migrations.CreateModel(
            name='PendingAuditEntry',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('at', models.DateTimeField(verbose_name='时间')),
                ('actor_id', models.BigIntegerField(null=True, verbose_name='操作人ID')),
                ('actor', models.CharField(max_length=150, verbose_name='操作人')),
                ('role', models.CharField(blank=True, max_length=64, verbose_name='角色')),
                ('unit', models.CharField(blank=True, max_length=128, verbose_name='单位')),
                ('action', models.CharField(max_length=64, verbose_name='操作')),
                ('purpose', models.CharField(blank=True, max_length=200, verbose_name='事由')),
                ('object_type', models.CharField(blank=True, max_length=64, verbose_name='对象类型')),
                ('object_id', models.CharField(blank=True, max_length=64, verbose_name='对象ID')),
                ('person_id', models.BigIntegerField(db_index=True, null=True, verbose_name='人员ID')),
                ('detail', models.JSONField(default=dict, verbose_name='详情')),
            ],
            options={
                'verbose_name': '待入链审计记录',
                'ordering': ['id'],
            },
        ),
        migrations.AddField(
            model_name='auditentry',
            name='queued_as',
            field=models.BigIntegerField(null=True, unique=True, verbose_name='队列号'),
        ),
        migrations.RunPython(install, remove_queue_triggers),
    ]
