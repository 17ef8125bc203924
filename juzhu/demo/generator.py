"""Generate synthetic residents as of a given day, streaming them into the database.

    from juzhu.demo.generator import generate
    summary = generate(3000, today=datetime.date(2026, 11, 26), seed=2026)

Residents are planned one by one (``planner.Planner``: state, places, dates from the
rules, identity, documents, numbers) and written in batches with ``bulk_create``
(``writer.Writer``), each batch in its own transaction together with the
``registry.Sequence`` rows it advanced, and with the audit entries the actions would have
written for them (``history.History``, marked ``"demo": true``; ``history=False`` leaves them
out, for the benchmark). Memory stays flat whatever the count. One audit entry
(``demo.generate``) summarises the run.
"""

from __future__ import annotations

import dataclasses
import datetime
import time
from collections import Counter
from typing import Callable

from django.db import transaction

from juzhu import clock
from juzhu.audit.events import Event
from juzhu.audit.log import record
from juzhu.rules import RulesContext

from .history import History
from .numbers import Numbers
from .places import Places, load_towns
from .planner import Planner
from .staffing import ensure_staff
from .timeline import STATES
from .writer import TABLES, Writer

DEFAULT_SEED = 2026
DEFAULT_BATCH = 5000


def rules_context_for(today: datetime.date) -> RulesContext:
    """The rules as the actions see them on ``today``: the system's one context (R-09a)."""
    from juzhu.registry.context import rules_context

    return dataclasses.replace(rules_context(), today=today)


def generate(
    count: int,
    *,
    today: datetime.date | None = None,
    seed: int = DEFAULT_SEED,
    batch: int = DEFAULT_BATCH,
    progress: Callable[[dict], None] | None = None,
    history: bool = True,
) -> dict:
    """Write ``count`` residents; return counts by state and by table, and timings."""
    if count < 0 or batch < 1:
        raise ValueError("count must be ≥ 0 and batch ≥ 1")
    started = time.perf_counter()
    today = today or clock.today()
    ctx = rules_context_for(today)
    places = Places(ctx, load_towns())
    staff = ensure_staff()
    numbers = Numbers.from_db()
    planner = Planner(ctx, seed, places, numbers)
    writer = Writer(staff, places, History(staff, ctx, seed) if history else None)
    states: Counter = Counter()
    planning = 0.0
    done = 0
    while done < count:
        size = min(batch, count - done)
        began = time.perf_counter()
        plans = [planner.plan() for _ in range(size)]
        planning += time.perf_counter() - began
        with transaction.atomic():
            writer.write(plans, planner)
            numbers.save()
        states.update(plan.state for plan in plans)
        done += size
        del plans
        if progress:
            progress({"done": done, "count": count, "elapsed": time.perf_counter() - started})
    rows = {table: writer.rows[table] for table in TABLES}
    summary = {
        "today": today.isoformat(),
        "seed": seed,
        "residents": done,
        "states": {state: states[state] for state, _ in STATES},
        "rows": rows,
    }
    with transaction.atomic():
        record(actor=None, action=Event.DEMO_GENERATE, purpose="生成演示数据", detail=summary)
    summary["timing"] = {
        "elapsed": time.perf_counter() - started,
        "planning": planning,
        "insert": {table: writer.seconds[table] for table in TABLES},
    }
    return summary
