"""The benchmarks' bulk path writes the same rows as the actions for the same planned resident.

The demo city is made by the actions (``replay``); ``generate_bulk`` writes the same plans with
``bulk_create`` for 100,000 or 1,000,000 residents. For one resident of every state, both are
run on an empty registry and every row of every table is compared, field by field (only the
keys the database hands out, the creation times and the photo's file name may differ).
"""

from __future__ import annotations

import copy
import datetime

import pytest
from django.db import transaction

from juzhu.demo.generator import planner_for, replay_plans
from juzhu.demo.numbers import Numbers
from juzhu.demo.plans import ResidentPlan
from juzhu.demo.staffing import ensure_staff
from juzhu.demo.timeline import STATES
from juzhu.demo.writer import MODELS, Writer

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)
SEED = 5
# Keys handed out by the database (rows of a resident point at each other by them), times of
# insertion, and the photo's file name (the action stores each upload under a fresh name).
UNCOMPARED = {
    "id",
    "created_at",
    "updated_at",
    "person_id",
    "registration_id",
    "application_id",
    "permit_id",
    "moved_to_id",
    "object_id",
}
PHOTOS = {"photo", "holder_photo"}


class _Rollback(Exception):
    pass


def one_of_each_state() -> dict[str, ResidentPlan]:
    planner = planner_for(TODAY, SEED)
    found: dict[str, ResidentPlan] = {}
    while len(found) < len(STATES):
        plan = planner.plan()
        found.setdefault(plan.state, plan)
    return found


def rows() -> dict[str, list[dict]]:
    """Every row of the resident tables, without database keys, in a stable order."""
    out = {}
    for table, model in MODELS.items():
        if table == "audit":  # the bulk path writes no history; the replay tests cover it
            continue
        found = []
        for row in model.objects.values():
            kept = {k: v for k, v in row.items() if k not in UNCOMPARED}
            for name in PHOTOS & kept.keys():
                kept[name] = bool(kept[name])
            found.append(kept)
        out[table] = sorted(found, key=repr)
    return out


def differences(bulk: list[dict], actions: list[dict]) -> list:
    if len(bulk) != len(actions):
        return [len(bulk), len(actions)]
    return [
        {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
        for a, b in zip(bulk, actions, strict=True)
    ]


def written(make) -> dict[str, list[dict]]:
    try:
        with transaction.atomic():
            make()
            result = rows()
            raise _Rollback
    except _Rollback:
        return result


def test_bulk_rows_equal_the_rows_the_actions_write_for_every_state(units):
    ensure_staff()
    plans = one_of_each_state()
    planner = planner_for(TODAY, SEED)
    for state, plan in plans.items():
        bulk_plan, action_plan = copy.deepcopy(plan), copy.deepcopy(plan)

        def bulk(plan=bulk_plan) -> None:
            planner.numbers = Numbers()  # an empty registry: every serial starts at 1, as for the actions
            planner.number(plan)
            Writer(ensure_staff(), planner.places).write([plan])

        by_bulk = written(bulk)
        by_actions = written(lambda plan=action_plan: replay_plans([plan], planner, SEED))
        for table in by_bulk:
            assert by_bulk[table] == by_actions[table], (state, table, differences(by_bulk[table], by_actions[table]))
        assert by_actions["person"] and by_actions["registration"], state


@pytest.fixture
def units(db):
    from juzhu.org.loading import load_units

    load_units()
