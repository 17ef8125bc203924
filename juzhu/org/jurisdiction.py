"""Which records a user may see: her unit's jurisdiction (R-22).

- a station or entrusted organisation: the towns and streets it serves;
- a county bureau (issuer): its county;
- the city bureau and supervisors: the whole city;
- departments: nothing through the registry (they verify status for a named service).

Outside the jurisdiction a record answers exactly like one that does not exist:
callers filter querysets with ``scope_filter`` and return 404 on a miss.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from .models import Unit, User

NOTHING = Q(pk__in=[])


def scope_filter(user: User | AnonymousUser | None, county_field: str = "county", town_field: str = "town") -> Q:
    """A filter selecting the records inside ``user``'s jurisdiction."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    unit = user.unit
    if unit is None:
        return NOTHING
    if unit.kind in (Unit.Kind.CITY_BUREAU, Unit.Kind.SUPERVISOR) and user.has_perm("registry.view_city"):
        return Q()
    if unit.kind == Unit.Kind.COUNTY_BUREAU:
        return Q(**{f"{county_field}_id": unit.county_id})
    if unit.kind in (Unit.Kind.STATION, Unit.Kind.COMMUNITY_ORG):
        # The county too, though the towns imply it: every registry table's index on
        # (county, town, status) then serves a station's queries, not only a county's.
        towns = _served_places(unit)
        return Q(**{f"{county_field}_id__in": sorted(set(towns.values())), f"{town_field}_id__in": sorted(towns)})
    return NOTHING


def _served_places(unit: Unit) -> dict[str, str]:
    """The towns a station or organisation serves, each with its county (one query, kept on the unit)."""
    cache = getattr(unit, "_served_places", None)
    if cache is None:
        cache = dict(unit.towns.values_list("code", "parent_id"))
        unit._served_places = cache  # type: ignore[attr-defined]  # a cache on the instance, not a column
    return cache


def covers(user: User | AnonymousUser, county_id: str | None, town_id: str | None) -> bool:
    """Whether a place (county, town) lies inside ``user``'s jurisdiction."""
    unit: Unit | None = getattr(user, "unit", None)
    if unit is None or not user.is_active:
        return False
    if unit.kind in (Unit.Kind.CITY_BUREAU, Unit.Kind.SUPERVISOR):
        return user.has_perm("registry.view_city")
    if unit.kind == Unit.Kind.COUNTY_BUREAU:
        return county_id == unit.county_id
    if unit.kind in (Unit.Kind.STATION, Unit.Kind.COMMUNITY_ORG):
        return town_id in _served_places(unit)
    return False
