"""Where synthetic residents live and where they come from.

Residence: the city's towns and streets (``org.Division`` rows of level town, from
``juzhu/org/data/ankang_towns.csv``), each served by one station. Hukou: real county
codes of GB/T 2260 (``juzhu/rules/data/divisions.csv``), mostly current codes of
Shaanxi and its neighbours, some historical ones (612429 旬阳县 of 安康地区, 610928).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from juzhu.rules import RulesContext, evaluate

# Share of hukou origins (per cent): current county codes by area, then historical codes.
ORIGINS = (
    ("ankang", 20),
    ("shaanxi", 20),
    ("sichuan", 17),
    ("hubei", 14),
    ("henan", 12),
    ("chongqing", 12),
    ("historical", 5),
)
_PROVINCES = {"shaanxi": "61", "sichuan": "51", "hubei": "42", "henan": "41", "chongqing": "50"}


@dataclass(frozen=True)
class Town:
    code: str
    name: str
    full_name: str
    county: str
    county_name: str
    kind: str  # street / town
    station_id: int
    station_name: str = ""


@dataclass(frozen=True)
class Hukou:
    code: str
    full_name: str
    latest_birth_year: int | None  # a code abolished in year Y numbers nobody born from Y on


class Places:
    def __init__(self, ctx: RulesContext, towns: list[Town]):
        self.ctx = ctx
        self.towns = towns
        self._town_cum = list(accumulate(_town_weight(t) for t in towns))
        self.by_code = {t.code: t for t in towns}
        self.town_names: dict[str, list[str]] = {}
        for town in towns:
            self.town_names.setdefault(town.county, []).append(town.name)
        self.pools = _hukou_pools(ctx)
        self._origin_cum = list(accumulate(w for _, w in ORIGINS))
        self._floating: dict[tuple[str, str], dict] = {}

    # -- residence -----------------------------------------------------------------
    def town(self, rng: random.Random, other_than: str | None = None) -> Town:
        while True:
            town = rng.choices(self.towns, cum_weights=self._town_cum)[0]
            if town.code != other_than:
                return town

    # -- hukou ---------------------------------------------------------------------
    def hukou(self, rng: random.Random, counties: tuple[str, ...]) -> Hukou:
        """A hukou from which a person living in each of ``counties`` is floating population."""
        while True:
            origin = rng.choices(ORIGINS, cum_weights=self._origin_cum)[0][0]
            if origin == "historical":
                roll = rng.random()
                pool = (
                    self.pools["ankang_old"]
                    if roll < 0.5
                    else (self.pools["xunyang_2000"] if roll < 0.7 else self.pools["historical"])
                )
            else:
                pool = self.pools[origin]
            hukou = rng.choice(pool)
            if all(self.floating(hukou.code, county)["outcome"] == "floating" for county in counties):
                return hukou

    def floating(self, hukou: str, county: str) -> dict:
        """The rules' ``floating_status`` for the pair, as stored in a registration (cached)."""
        key = (hukou, county)
        found = self._floating.get(key)
        if found is None:
            decision = evaluate(
                {"question": "floating_status", "hukou_division": hukou, "residence_division": county}, self.ctx
            )
            found = self._floating[key] = decision.to_dict()
        return found


def _town_weight(town: Town) -> int:
    if town.kind == "street":
        return 10  # the city centre's four streets
    if town.name == "城关镇":
        return 6  # county seats
    return 2 if town.county == "610902" else 1


def _hukou_pools(ctx: RulesContext) -> dict[str, list[Hukou]]:
    table = ctx.divisions
    pools: dict[str, list[Hukou]] = {
        key: [] for key in (*_PROVINCES, "ankang", "ankang_old", "xunyang_2000", "historical")
    }
    for code in table.codes():
        division = table.lookup(code)
        if division.level != "county" or division.name == "市辖区" or code.endswith("00"):
            continue
        entry = Hukou(code, division.full_name, division.valid_to - 1 if division.valid_to else None)
        if code.startswith("6124"):
            pools["ankang_old"].append(entry)
        elif code == "610928":
            pools["xunyang_2000"].append(entry)
        elif not division.current:
            if code[:2] in _PROVINCES.values() and division.valid_to >= 1970:
                pools["historical"].append(entry)
        elif code.startswith("6109"):
            pools["ankang"].append(entry)
        else:
            for key, prefix in _PROVINCES.items():
                if code.startswith(prefix):
                    pools[key].append(entry)
    return pools


def load_towns() -> list[Town]:
    """The city's towns with the station serving each (units must be loaded)."""
    from juzhu.org.models import Division, Unit

    station_of: dict[str, int] = {}
    station_names: dict[int, str] = {}
    for unit in Unit.objects.filter(kind=Unit.Kind.STATION).prefetch_related("towns").order_by("code"):
        station_names[unit.pk] = unit.name
        for town in unit.towns.all():
            station_of.setdefault(town.code, unit.pk)
    counties = dict(
        Division.objects.filter(level=Division.Level.COUNTY, code__startswith="6109").values_list("code", "name")
    )
    towns = []
    for division in Division.objects.filter(level=Division.Level.TOWN).order_by("code"):
        if division.code not in station_of:
            continue  # a town no station serves cannot register anyone
        towns.append(
            Town(
                code=division.code,
                name=division.name,
                full_name=division.full_name,
                county=division.parent_id,
                county_name=counties.get(division.parent_id, ""),
                kind="street" if division.name.endswith("街道") else "town",
                station_id=station_of[division.code],
                station_name=station_names[station_of[division.code]],
            )
        )
    if not towns:
        raise RuntimeError("没有派出所负责的乡镇街道：请先加载单位（load_units）")
    return towns
