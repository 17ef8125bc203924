"""One synthetic resident at a time: state, places, dates, identity, documents, numbers.

Deterministic: the same seed, today, data and starting sequences give the same residents.
"""

from __future__ import annotations

import datetime
import random
from itertools import accumulate

from juzhu.rules import RulesContext
from juzhu.rules.periods import add_months

from . import names
from .identity import IdentityNumbers
from .numbers import Numbers
from .places import Places
from .plans import ChildPlan, ResidentPlan
from .timeline import STATES, Stories

EARLIEST_BIRTH, LATEST_BIRTH = datetime.date(1950, 1, 1), datetime.date(2008, 12, 31)
# Relative number of people born in each year 1950-2008 among the floating population.
_YEARS = list(range(1950, 2009))
_YEAR_CUM = list(
    accumulate(1 if y < 1960 else 2.5 if y < 1970 else 5 if y < 1980 else 7 if y < 2000 else 3 for y in _YEARS)
)
_REASONS = ("work", "business", "family", "relatives", "study", "other")
_REASON_CUM = list(accumulate((55, 14, 12, 8, 6, 5)))
_HOUSING = ("rented", "dormitory", "owned", "relatives", "other")
_HOUSING_CUM = list(accumulate((55, 18, 15, 7, 5)))
# Ethnic groups beside 汉族 (01) by hukou province: 回族 03, 土家族 15, 苗族 06, 彝族 07, 藏族 04, 羌族 33.
_ETHNIC = {
    "61": (("03", 0.015),),
    "41": (("03", 0.015),),
    "42": (("15", 0.05), ("06", 0.01)),
    "50": (("15", 0.05), ("06", 0.02)),
    "51": (("07", 0.03), ("04", 0.01), ("33", 0.01)),
}


class Planner:
    def __init__(self, ctx: RulesContext, seed: int, places: Places, numbers: Numbers | None = None) -> None:
        self.rng = random.Random(seed)
        self.places, self.numbers = places, numbers
        self.stories = Stories(ctx, self.rng)
        self.identities = IdentityNumbers()
        self._block: list[str] = []

    def _state(self) -> str:
        """Exact proportions in every block of 100 residents, in shuffled order."""
        if not self._block:
            self._block = [state for state, share in STATES for _ in range(share)]
            self.rng.shuffle(self._block)
        return self._block.pop()

    def plan(self) -> ResidentPlan:
        rng = self.rng
        state = self._state()
        reason = rng.choices(_REASONS, cum_weights=_REASON_CUM)[0]
        housing = (
            ("dormitory" if rng.random() < 0.6 else "rented")
            if reason == "study"
            else ("relatives" if reason == "relatives" else rng.choices(_HOUSING, cum_weights=_HOUSING_CUM)[0])
        )
        if reason == "study":
            condition = "study"
        elif housing == "owned":
            condition = "residence" if rng.random() < 0.8 else "employment"
        else:
            condition = "employment" if reason in ("work", "business") or rng.random() < 0.7 else "residence"
        towns = [self.places.town(rng)]
        if state == "moved":
            towns.append(self.places.town(rng, other_than=towns[0].code))
        plan = self.stories.make(state, towns, condition)
        for registration in plan.registrations:
            town = registration.town
            registration.reason, registration.housing = reason, housing
            registration.address = names.residence_address(rng, town.county_name, town.name, town.kind)
        self._person(plan, reason)
        self._children(plan)
        if plan.application:
            family = plan.name[0]
            for material in plan.application.materials:
                material.issuer = names.material_issuer(rng, material.code, housing, family)
        if self.numbers is not None:  # the bulk path numbers; the actions number for themselves
            self.number(plan)
        return plan

    def _birth_target(self, lo: datetime.date, hi: datetime.date) -> datetime.date:
        for _ in range(30):
            year = self.rng.choices(_YEARS, cum_weights=_YEAR_CUM)[0]
            if lo.year <= year <= hi.year:
                break
        else:
            year = self.rng.randint(lo.year, hi.year)
        start = max(lo, datetime.date(year, 1, 1))
        end = min(hi, datetime.date(year, 12, 31))
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def _person(self, plan: ResidentPlan, reason: str) -> None:
        rng = self.rng
        counties = tuple(sorted({r.town.county for r in plan.registrations}))
        plan.hukou = hukou = self.places.hukou(rng, counties)
        arrival = min(r.arrival for r in plan.registrations)
        hi = min(LATEST_BIRTH, add_months(arrival, -16 * 12))
        if hukou.latest_birth_year:
            hi = min(hi, datetime.date(hukou.latest_birth_year, 12, 31))
        lo = max(EARLIEST_BIRTH, add_months(arrival, -25 * 12)) if reason == "study" else EARLIEST_BIRTH
        lo = min(lo, hi - datetime.timedelta(days=730))
        plan.sex = "male" if rng.random() < 0.54 else "female"
        plan.birth, plan.id_number = self.identities.issue(hukou.code, plan.sex, self._birth_target(lo, hi), lo)
        plan.name = names.full_name(rng, plan.sex, plan.birth.year)
        plan.ethnicity = "01"
        for code, share in _ETHNIC.get(hukou.code[:2], ()):
            if rng.random() < share:
                plan.ethnicity = code
                break
        plan.phone = names.phone(rng)
        plan.hukou_address = names.hukou_address(rng, hukou.full_name, self.places.town_names.get(hukou.code))

    def reissue_identity(self, plan: ResidentPlan) -> None:
        """A new number (and a birth date a little earlier) when the first was already taken."""
        plan.birth, plan.id_number = self.identities.issue(plan.hukou.code, plan.sex, plan.birth, EARLIEST_BIRTH)

    def _children(self, plan: ResidentPlan) -> None:
        """Children living with the person (Art 23), on about one registration in eight."""
        current, rng = plan.current, self.rng
        if current.status != "active" or current.reason not in ("work", "business", "family", "relatives"):
            return
        age = (current.declared - plan.birth).days // 365
        if not 25 <= age <= 50 or rng.random() >= 0.125:
            return
        lo = max(add_months(plan.birth, 20 * 12), add_months(current.declared, -15 * 12))
        hi = current.declared - datetime.timedelta(days=30)
        if (hi - lo).days < 365:
            return
        for _ in range(1 if rng.random() < 0.7 else 2):
            sex = "male" if rng.random() < 0.52 else "female"
            target = lo + datetime.timedelta(days=rng.randint(0, (hi - lo).days))
            birth, number = self.identities.issue(plan.hukou.code, sex, target, lo)
            family = plan.name[0] if rng.random() < 0.9 else names.surname(rng)
            current.children.append(ChildPlan(names.full_name(rng, sex, birth.year, family), birth, sex, number))

    def number(self, plan: ResidentPlan) -> None:
        """Documents' numbers for the bulk path (the actions number for themselves)."""
        take = self.numbers.take
        for registration in plan.registrations:
            registration.number = take("registration", registration.town.county, registration.declared)
        application, county = plan.application, plan.current.town.county
        if application is None:
            return
        if application.notice:
            application.notice.number = take("notice", county, application.received_on)
        if application.accepted_on:
            application.receipt_number = take("receipt", county, application.accepted_on)
        if plan.permit:
            plan.permit.number = take("permit", county, plan.permit.issue_date)
