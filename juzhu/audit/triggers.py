"""The database triggers that make the audit table append-only (both databases).

Installed by migration 0002; migration 0003 adds the queue of logged reads
(``audit_pendingauditentry``): no UPDATE, no TRUNCATE, and DELETE only because the
sequencer must move its rows into the chain (a trigger cannot tell who deletes: a row
deleted before it is chained leaves a gap in the queue ids, recorded as ``audit.gap``).
Installing is idempotent: migration 0003 reruns it because SQLite rebuilt the table.
``remove`` exists for one purpose: a test database that must be flushed between
transactional tests; production never calls it.
"""

from __future__ import annotations

SQLITE_INSTALL = [
    """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_queue_no_update BEFORE UPDATE ON audit_pendingauditentry
       BEGIN SELECT RAISE(ABORT, 'audit queue rows cannot be changed'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_no_update",
    "DROP TRIGGER IF EXISTS audit_no_delete",
    "DROP TRIGGER IF EXISTS audit_queue_no_update",
]

POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$""",
    "DROP TRIGGER IF EXISTS audit_no_change ON audit_auditentry",
    """CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    "DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditentry",
    """CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
    "DROP TRIGGER IF EXISTS audit_queue_no_change ON audit_pendingauditentry",
    """CREATE TRIGGER audit_queue_no_change BEFORE UPDATE ON audit_pendingauditentry
       FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    "DROP TRIGGER IF EXISTS audit_queue_no_truncate ON audit_pendingauditentry",
    """CREATE TRIGGER audit_queue_no_truncate BEFORE TRUNCATE ON audit_pendingauditentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_queue_no_truncate ON audit_pendingauditentry",
    "DROP TRIGGER IF EXISTS audit_queue_no_change ON audit_pendingauditentry",
    "DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditentry",
    "DROP TRIGGER IF EXISTS audit_no_change ON audit_auditentry",
]

_STATEMENTS = {
    "install": {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL},
    "remove": {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE},
}


QUEUE_TABLE = "audit_pendingauditentry"


def _run(which: str, connection) -> None:
    """Run the statements; those about the queue only once it exists (migration 0002 runs before 0003)."""
    with connection.cursor() as cursor:
        queue_exists = QUEUE_TABLE in connection.introspection.table_names(cursor)
        for statement in _STATEMENTS[which].get(connection.vendor, []):
            if queue_exists or QUEUE_TABLE not in statement:
                cursor.execute(statement)


def install(connection) -> None:
    _run("install", connection)


def remove(connection) -> None:
    _run("remove", connection)
