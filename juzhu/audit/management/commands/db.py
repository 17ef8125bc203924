"""`juzhu db grant-app-role ROLE`: a least-privilege PostgreSQL role for the application.

The role may read and write the registry's tables but may only SELECT and INSERT
the audit log: it cannot UPDATE, DELETE or TRUNCATE it (R-22); the queue of logged reads it
may INSERT, and DELETE only as the sequencer moves rows into the chain. Run it as the owner
of the database, then point DATABASE_URL at the new role.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql


class Command(BaseCommand):
    help = "数据库：grant-app-role 创建最小权限的应用数据库角色（仅 PostgreSQL）"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["grant-app-role"])
        parser.add_argument("role")
        parser.add_argument("--password", default=None)

    def handle(self, *args, action, role, password=None, **options):
        if connection.vendor != "postgresql":
            raise CommandError("仅在 PostgreSQL 上需要；SQLite 由触发器保证审计日志只可追加")
        name = sql.Identifier(role)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if not cursor.fetchone():
                cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(name))
            if password:
                cursor.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(name, sql.Literal(password)))
            cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name))
            cursor.execute(
                sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(name)
            )
            cursor.execute(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(name))
            cursor.execute(sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditentry FROM {}").format(name))
            # The queue of logged reads: the sequencer (same role) deletes what it has chained.
            cursor.execute(sql.SQL("REVOKE UPDATE, TRUNCATE ON audit_pendingauditentry FROM {}").format(name))
        self.stdout.write(f"角色 {role} 已就绪：审计日志只可查询和追加")
