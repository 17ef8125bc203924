"""The audit table refuses UPDATE and DELETE at the database level (see juzhu.audit.triggers).

Triggers work on both databases and even against a superuser connection; on
PostgreSQL ``juzhu db grant-app-role`` also gives the application role no UPDATE or
DELETE privilege on it. Someone able to drop the trigger can still edit rows: the
hash chain is what detects that (``juzhu audit verify``).
"""

from django.db import migrations


def install(apps, schema_editor):
    from juzhu.audit.triggers import install

    install(schema_editor.connection)


def remove(apps, schema_editor):
    from juzhu.audit.triggers import remove

    remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
