"""The office's search by full ID number: wall time and this process's CPU per request (issue 9).

On a shared machine the wall time follows the other work; the CPU time of the process
(Django's whole stack in process, PostgreSQL's own work not counted) moves much less, so it
tells whether the cost grows with the data. Run it after generate_residents.py or
``juzhu demo``, against the same database, as the clerk of the first station:

    JUZHU_TODAY=2026-11-26 .venv/bin/python benchmarks/search_cpu.py --repeat 50
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juzhu.settings")


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CPU and wall time of the office's ID-number search.")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from juzhu.org.models import Unit, User
    from juzhu.org.roles import CLERK
    from juzhu.registry.models import Person
    from tests.factories import office_client

    station = Unit.objects.filter(kind=Unit.Kind.STATION).order_by("code").first()
    clerk = User.objects.filter(unit=station, groups__name=CLERK, is_active=True).order_by("pk").first()
    if station is None or clerk is None:
        raise SystemExit("no station clerk: run `juzhu demo` or benchmarks/generate_residents.py first")
    client = office_client(clerk, Client(HTTP_HOST="127.0.0.1"))
    numbers = list(
        Person.objects.filter(county_id=station.county_id)
        .order_by("?")
        .values_list("id_number", flat=True)[: args.repeat + 10]
    )
    for number in numbers[:10]:  # warm-up: caches, connections
        client.get(reverse("search"), {"q": number})
    wall: list[float] = []
    cpu: list[float] = []
    queries = 0
    for number in numbers[10:]:
        began, began_cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("search"), {"q": number})
        cpu.append((time.process_time() - began_cpu) * 1000)
        wall.append((time.perf_counter() - began) * 1000)
        queries = max(queries, len(captured.captured_queries))
        assert response.status_code == 200, response.status_code
    print(
        f"{connection.vendor} {connection.settings_dict['NAME']}: {Person.objects.count():,} persons, "
        f"n={len(wall)}, load {os.getloadavg()[0]:.1f}"
    )
    print(f"  wall ms          median {statistics.median(wall):7.1f}   p95 {p95(wall):7.1f}")
    print(f"  process CPU ms   median {statistics.median(cpu):7.2f}   p95 {p95(cpu):7.2f}   queries {queries}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
