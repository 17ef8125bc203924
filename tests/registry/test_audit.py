"""The audit trail: every write and every read, chained; edits and deletions are detected."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from juzhu.audit import triggers
from juzhu.audit.log import verify
from juzhu.audit.models import AuditEntry
from juzhu.audit.sequencer import sequence_now
from juzhu.registry.actions import view_person

from .flows import issued_permit

pytestmark = pytest.mark.django_db


def test_every_action_and_every_read_leaves_a_chained_entry(staff, clock):
    permit = issued_permit(staff, clock)
    view_person(acting_user=staff.clerk, person_id=permit.person_id, purpose="窗口办理签注")
    sequence_now()  # the read joins the chain within seconds (juzhu.audit.sequencer)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions == [
        "registration.create",
        "person.photo",
        "application.receive",
        "application.accept",
        "permit.issue",
        "application.approve",
        "person.view",
    ]
    read = AuditEntry.objects.get(action="person.view")
    assert (read.purpose, read.actor, read.role, read.person_id) == (
        "窗口办理签注",
        "clerk_laocheng",
        "clerk",
        permit.person_id,
    )
    assert verify().ok and verify().checked == 7
    call_command("audit", "verify")


def test_the_database_refuses_to_update_or_delete_audit_rows(staff, clock):
    issued_permit(staff, clock)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=1).update(purpose="改过")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=2).delete()


def test_an_edited_row_breaks_the_chain_and_verify_fails(staff, clock):
    issued_permit(staff, clock)
    triggers.remove(connection)  # what only the database owner could do; rolled back
    AuditEntry.objects.filter(pk=2).update(actor="someone_else")
    result = verify()
    assert not result.ok and result.broken_at == 2 and "篡改" in result.problem
    with pytest.raises(CommandError, match="第 2 条"):
        call_command("audit", "verify")


def test_a_deleted_row_breaks_the_chain(staff, clock):
    issued_permit(staff, clock)
    triggers.remove(connection)  # what only the database owner could do; rolled back
    AuditEntry.objects.filter(pk=3).delete()
    result = verify()
    assert not result.ok and result.broken_at == 3 and "删除" in result.problem


def test_a_recomputed_hash_on_an_edited_row_still_breaks_the_next_link(staff, clock):
    from juzhu.audit.log import chain_hash

    issued_permit(staff, clock)
    triggers.remove(connection)  # what only the database owner could do; rolled back
    entry = AuditEntry.objects.get(pk=2)
    entry.detail = {"forged": True}
    entry.hash = chain_hash(entry.prev_hash, entry)
    AuditEntry.objects.filter(pk=2).update(detail=entry.detail, hash=entry.hash)
    assert verify().broken_at == 3


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="roles exist on PostgreSQL only")
def test_the_application_role_cannot_update_or_delete_the_audit_log(staff, clock):
    issued_permit(staff, clock)
    call_command("db", "grant-app-role", "juzhu_app_test")
    with connection.cursor() as cursor:
        cursor.execute("SET ROLE juzhu_app_test")
        try:
            cursor.execute("SELECT count(*) FROM audit_auditentry")
            assert cursor.fetchone()[0] == 6  # issued_permit: registration, photo, receive, accept, issue, approve
            for statement in (
                "UPDATE audit_auditentry SET purpose = 'x'",
                "DELETE FROM audit_auditentry",
                "UPDATE audit_pendingauditentry SET purpose = 'x'",  # the queue of reads
                "TRUNCATE audit_pendingauditentry",
            ):
                with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
                    cursor.execute(statement)
        finally:
            cursor.execute("RESET ROLE")
