"""Benchmark: entering a calendar year on a large database (R-09a).

Run it after generate_residents.py, against the same database (DATABASE_URL or
JUZHU_DATA_DIR), with the same ``--today``:

    JUZHU_TODAY=2026-11-26 python benchmarks/calendar_entry.py --year 2026

Enters (or corrects) ``--year`` with one rest day moved, as the city administrator,
and reports the time and what was recomputed. The entry runs in a transaction that
is rolled back, so the database is left as it was: the figure is what an
administrator waits for on the calendar page. Only the cases whose counting crossed
the changed day (or that were provisional) are read.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juzhu.settings")


class Rollback(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time a calendar entry and its recomputation.")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--move", default="", help="a weekday made a rest day (default: 20 Nov of the year)")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import transaction

    from juzhu.org.models import User
    from juzhu.org.roles import CITY_ADMIN
    from juzhu.org.staff import create_staff
    from juzhu.registry.actions import enter_calendar_year
    from juzhu.registry.context import rules_context
    from juzhu.rules.calendar_store import arrangement_to_json

    current = arrangement_to_json(rules_context().calendar.arrangement(args.year))
    moved = args.move or datetime.date(args.year, 11, 20).isoformat()
    holidays = {**current["holidays"], moved: "基准测试"}
    started = time.perf_counter()
    summary: dict = {}
    try:
        with transaction.atomic():
            admin = User.objects.filter(groups__name=CITY_ADMIN, is_active=True).first() or create_staff(
                "benchmark_city_admin", unit_code="AK-CITY", role=CITY_ADMIN
            )
            entry = enter_calendar_year(
                acting_user=admin, year=args.year, source="基准测试", holidays=holidays, workdays=current["workdays"]
            )
            summary = entry.recomputed.summary()
            raise Rollback
    except Rollback:
        pass
    seconds = time.perf_counter() - started
    print(f"entered {args.year} (rest day {moved}) in {seconds:.2f} s, rolled back")
    print(f"  recomputed: {summary['counts']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
