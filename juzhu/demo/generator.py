"""Synthetic residents as of a given day: planned by the rules, written by the actions.

    from juzhu.demo.generator import generate
    summary = generate(3000, today=datetime.date(2026, 11, 26), seed=2026)

Residents are planned one by one (``planner.Planner``: state, places, dates from the rules,
identity), then their histories are replayed through the registry's real actions at their
own dates (``replay.Replay``), so every row, number, notice, notification and audit entry
is what the system writes. One audit entry (``demo.generate``) summarises the run.

``generate_bulk`` is the benchmarks' path to 100,000 or 1,000,000 residents (the actions
write about 400 residents a second; see docs/design.md): the same plans, written with
``bulk_create`` table by table (``writer.Writer``), numbered in the actions' formats
(``numbers.Numbers``), without audit entries. ``tests/demo/test_bulk.py`` checks that a
resident written that way has the same rows as the same resident made by the actions.
"""

from __future__ import annotations

import dataclasses
import datetime
import time
from collections import Counter
from typing import Any, Callable

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.audit.log import record
from juzhu.rules import RulesContext

from .numbers import Numbers
from .photo import demo_photo
from .places import Places, load_towns
from .planner import Planner
from .plans import ResidentPlan
from .replay import Replay
from .staffing import ensure_staff
from .timeline import STATES
from .writer import TABLES, Writer

DEFAULT_SEED = 2026
DEFAULT_BATCH = 5000


def rules_context_for(today: datetime.date) -> RulesContext:
    """The rules as the actions see them on ``today``: the system's one context (R-09a)."""
    from juzhu.registry.context import rules_context

    return dataclasses.replace(rules_context(), today=today)


def planner_for(today: datetime.date, seed: int, numbers: Numbers | None = None) -> Planner:
    ctx = rules_context_for(today)
    return Planner(ctx, seed, Places(ctx, load_towns()), numbers)


def unique_ids(plans: list[ResidentPlan], planner: Planner) -> None:
    """Numbers already in the database (records made before the demo) are issued again."""
    from juzhu.registry.models import Person

    while True:
        taken = set(
            Person.objects.filter(id_number__in=[p.id_number for p in plans]).values_list("id_number", flat=True)
        )
        if not taken:
            return
        for plan in plans:
            if plan.id_number in taken:
                planner.reissue_identity(plan)


def _counts() -> Counter:
    from .writer import MODELS

    return Counter({table: model.objects.count() for table, model in MODELS.items()})


def generate(
    count: int,
    *,
    today: datetime.date | None = None,
    seed: int = DEFAULT_SEED,
    progress: Callable[[dict], None] | None = None,
) -> dict[str, Any]:
    """Make ``count`` residents through the actions; return counts by state and by table, and timings."""
    if count < 0:
        raise ValueError("count must be ≥ 0")
    started = time.perf_counter()
    today = today or clock.today()
    planner = planner_for(today, seed)
    plans = [planner.plan() for _ in range(count)]
    unique_ids(plans, planner)
    planning = time.perf_counter() - started
    before = _counts()
    began = time.perf_counter()
    replay = replay_plans(
        plans,
        planner,
        seed,
        (lambda day: progress({"day": day, "elapsed": time.perf_counter() - started})) if progress else None,
    )
    rows = _counts() - before
    summary = {
        "today": today.isoformat(),
        "seed": seed,
        "residents": count,
        "states": _states(plans),
        "rows": {table: rows[table] for table in TABLES},
        "actions": replay.actions,
        "daily_runs": replay.job_runs,
    }
    _record(summary)
    summary["timing"] = {
        "elapsed": time.perf_counter() - started,
        "planning": planning,
        "replay": time.perf_counter() - began,
    }
    return summary


def replay_plans(
    plans: list[ResidentPlan],
    planner: Planner,
    seed: int,
    progress: Callable[[datetime.date], None] | None = None,
) -> Replay:
    """Make the planned residents through the actions, up to the planner's today."""
    replay = Replay(ensure_staff(), demo_photo().data, seed, planner.stories.today, planner.stories.calendar)
    for index, plan in enumerate(plans):
        replay.add(index, plan)
    replay.run(progress)
    return replay


def generate_bulk(
    count: int,
    *,
    today: datetime.date | None = None,
    seed: int = DEFAULT_SEED,
    batch: int = DEFAULT_BATCH,
    progress: Callable[[dict], None] | None = None,
) -> dict[str, Any]:
    """Write ``count`` planned residents with ``bulk_create`` (benchmarks only: no audit history)."""
    if count < 0 or batch < 1:
        raise ValueError("count must be ≥ 0 and batch ≥ 1")
    started = time.perf_counter()
    today = today or clock.today()
    numbers = Numbers.from_db()
    planner = planner_for(today, seed, numbers)
    writer = Writer(ensure_staff(), planner.places)
    states: Counter = Counter()
    planning = 0.0
    done = 0
    while done < count:
        size = min(batch, count - done)
        began = time.perf_counter()
        plans = [planner.plan() for _ in range(size)]
        planning += time.perf_counter() - began
        with transaction.atomic():
            unique_ids(plans, planner)
            writer.write(plans)
            numbers.save()
        states.update(plan.state for plan in plans)
        done += size
        del plans
        if progress:
            progress({"done": done, "count": count, "elapsed": time.perf_counter() - started})
    summary = {
        "today": today.isoformat(),
        "seed": seed,
        "residents": done,
        "states": {state: states[state] for state, _ in STATES},
        "rows": {table: writer.rows[table] for table in TABLES},
        "bulk": True,
    }
    _record(summary)
    summary["timing"] = {
        "elapsed": time.perf_counter() - started,
        "planning": planning,
        "insert": {table: writer.seconds[table] for table in TABLES},
    }
    return summary


def _states(plans: list[ResidentPlan]) -> dict[str, int]:
    states = Counter(plan.state for plan in plans)
    return {state: states[state] for state, _ in STATES}


def _record(summary: dict[str, Any]) -> None:
    with transaction.atomic():
        record(actor=None, action=Event.DEMO_GENERATE, purpose="生成演示数据", detail=summary)
