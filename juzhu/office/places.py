"""Places a user may act in: the towns her unit serves (a county bureau: its county's)."""

from __future__ import annotations

from juzhu.org.models import Division, Unit


def towns_for(user) -> list[Division]:
    unit = getattr(user, "unit", None)
    if unit is None:
        return []
    towns = Division.objects.filter(level=Division.Level.TOWN)
    if unit.kind in (Unit.Kind.STATION, Unit.Kind.COMMUNITY_ORG):
        towns = towns.filter(serving_units=unit)
    elif unit.kind == Unit.Kind.COUNTY_BUREAU:
        towns = towns.filter(parent_id=unit.county_id)
    elif unit.kind != Unit.Kind.CITY_BUREAU:
        return []
    return list(towns.order_by("code"))
