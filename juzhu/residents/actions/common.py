"""What the residents' actions share: the resident as an audit actor, the policy numbers, locks."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from juzhu.registry.context import rules_context

from ..models import ResidentAccount


@dataclass(frozen=True)
class AsResident:
    """A resident as the audit log's actor: no staff id (``actor_id`` NULL), no role, no unit.

    ``username`` reads "居民账户N" so an entry says which account acted without colliding
    with a staff user's id; "who read my data" leaves out the resident's own entries by it.
    """

    account: ResidentAccount
    pk = None
    unit = ""

    @property
    def username(self) -> str:
        return self.account.username


def policy(name: str) -> int:
    """A dated number of the residents' sign-in policy (``juzhu/rules/parameters/resident.yaml``)."""
    ctx = rules_context()
    return int(ctx.param(f"resident.{name}", ctx.today).value)


def lock_key(key: str) -> None:
    """Serialise writers on ``key`` until the transaction ends (PostgreSQL: an advisory lock;
    SQLite serialises every write transaction anyway, BEGIN IMMEDIATE)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("lock_key needs a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
