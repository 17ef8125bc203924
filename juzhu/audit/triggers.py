"""The database triggers that make the audit table append-only (both databases).

Installed by migration 0002. ``remove`` exists for one purpose: a test database
that must be flushed between transactional tests; production never calls it.
"""

from __future__ import annotations

SQLITE_INSTALL = [
    """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
]
SQLITE_REMOVE = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"]

POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$""",
    "DROP TRIGGER IF EXISTS audit_no_change ON audit_auditentry",
    """CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    "DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditentry",
    """CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_auditentry
       FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditentry",
    "DROP TRIGGER IF EXISTS audit_no_change ON audit_auditentry",
]

_STATEMENTS = {
    "install": {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL},
    "remove": {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE},
}


def _run(which: str, connection) -> None:
    with connection.cursor() as cursor:
        for statement in _STATEMENTS[which].get(connection.vendor, []):
            cursor.execute(statement)


def install(connection) -> None:
    _run("install", connection)


def remove(connection) -> None:
    _run("remove", connection)
