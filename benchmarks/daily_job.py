"""The daily job over the whole registry: a first run, then a rerun that changes nothing (issue 9).

Runs ``run_daily`` for ``--day`` (default: the clock's today) ``--runs`` times on the database
that ``DATABASE_URL`` (else ``JUZHU_DATA_DIR``'s SQLite) names and prints, per run, the wall
time, the time of each step (``DailyReport.seconds``) and what the run did. The job writes
(suspensions, notifications, flags, status lists, audit entries): run it on a copy, e.g.
``createdb -T juzhu_bench juzhu_bench_job``.

    JUZHU_TODAY=2026-11-26 DATABASE_URL=postgresql://postgres@127.0.0.1:5432/juzhu_bench_job \\
      .venv/bin/python benchmarks/daily_job.py --runs 2
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the daily job, run after run.")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--day", type=datetime.date.fromisoformat, default=None)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection

    from juzhu import clock
    from juzhu.registry.jobs.daily import run_daily
    from juzhu.registry.models import Permit

    day = args.day or clock.today()
    permits = Permit.objects.count()
    print(f"database {connection.vendor} {connection.settings_dict['NAME']}: {permits:,} permits; day {day}")
    print(f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for run in range(1, args.runs + 1):
        began = time.perf_counter()
        report = run_daily(day)
        elapsed = time.perf_counter() - began
        steps = ", ".join(f"{step} {seconds:.1f}" for step, seconds in report.seconds.items())
        did = ", ".join(f"{key} {value:,}" for key, value in sorted(report.counts.items()) if value)
        print(f"run {run}: {elapsed:.1f} s  (steps, s: {steps})")
        print(f"  did: {did or 'nothing'}")
    print(f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
