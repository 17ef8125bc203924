"""What the residents' actions share: the resident as an audit actor, the policy numbers, locks,
the town a request lands in."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from juzhu.org.models import Division, Unit
from juzhu.registry.context import rules_context
from juzhu.registry.errors import ActionError
from juzhu.registry.models.base import Scoped

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


def station_town(code: str, place: str = "居住地") -> tuple[Division, Division]:
    """The town (乡镇、街道) of the city chosen as ``place``, and its county: a request lands in
    the queue of the police stations serving it, so a town no station serves is refused."""
    town = Division.objects.filter(code=code or "", level=Division.Level.TOWN).select_related("parent").first()
    if town is None or town.parent is None:
        raise ActionError(f"{place}须为安康市内的乡镇（街道），请从列表中选择", field="town")
    if not town.serving_units.filter(kind=Unit.Kind.STATION).exists():
        raise ActionError(f"{town.full_name}暂无受理居住登记的派出所，请到县（区）公安机关办理", field="town")
    return town, town.parent


def town_of(record: Scoped, what: str) -> str:
    """The town of her registration or permit: her request lands at the stations serving it.
    A record without one (an import that did not say) is dealt with at a station's window."""
    if record.town_id is None:
        raise ActionError(f"您的{what}未载明乡镇（街道），网上无法确定受理的派出所，请到派出所办理", status=409)
    return record.town_id
