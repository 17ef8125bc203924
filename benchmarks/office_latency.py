"""Benchmark: how long the office's busiest screens and the daily job take on a large database.

Run it after generate_residents.py, against the same database (DATABASE_URL or
JUZHU_DATA_DIR), with the same ``--today``:

    JUZHU_TODAY=2026-11-26 python benchmarks/office_latency.py --repeat 30

Each screen is requested through Django's full stack (middleware, session, the
view, its queries, the template) with ``django.test.Client``, as a logged-in user
of the generated data's own units; only the network is left out. Queries are
drawn at random (seeded) from the stored persons, so caches do not flatter the
figures. Prints the median, 95th percentile and maximum per screen, then the
daily job's first run and its rerun. Every request writes its audit rows, as in
production; run it on a scratch database.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juzhu.settings")


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def summary(name: str, millis: list[float]) -> str:
    ordered = sorted(millis)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"  {name:<34} median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   "
        f"max {ordered[-1]:7.1f} ms   (n={len(ordered)})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Office screen latency and the daily job on generated data.")
    parser.add_argument("--repeat", type=int, default=30, help="requests per screen (default 30)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-daily", action="store_true", help="skip the daily job")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from juzhu.org.models import Unit, User
    from juzhu.org.roles import CLERK, ISSUER
    from juzhu.registry.models import Permit, Person

    rng = random.Random(args.seed)
    persons = Person.objects.count()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}  persons={persons:,}", flush=True)
    if not persons:
        print("no persons: run benchmarks/generate_residents.py first", file=sys.stderr)
        return 2

    # The busiest station and county: the user sees the largest jurisdiction of her kind.
    station = Unit.objects.filter(kind=Unit.Kind.STATION).order_by("code").first()
    clerk = User.objects.filter(unit=station, groups__name=CLERK, is_active=True).order_by("pk").first()
    issuer = (
        User.objects.filter(
            unit__kind=Unit.Kind.COUNTY_BUREAU, unit__county_id=station.county_id, groups__name=ISSUER, is_active=True
        )
        .order_by("pk")
        .first()
    )
    if clerk is None or issuer is None:
        print("no generated staff: run benchmarks/generate_residents.py first", file=sys.stderr)
        return 2
    in_reach = list(
        Person.objects.filter(county_id=station.county_id)
        .order_by("?")
        .values_list("pk", "id_number", "name", "name_initials", "phone")[: args.repeat * 4]
    )
    rng.shuffle(in_reach)
    print(
        f"clerk {clerk.username} ({station.name}); issuer {issuer.username}; "
        f"county {station.county_id}: {Person.objects.filter(county_id=station.county_id).count():,} persons\n"
    )

    def client_for(user) -> Client:
        """Logged in with the password and the second factor given, as the tests log in."""
        from tests.factories import office_client

        return office_client(user, Client(HTTP_HOST="127.0.0.1"))

    def get(client: Client, path: str, **params):
        response = client.get(path, params)
        assert response.status_code == 200, (path, response.status_code)
        return response

    as_clerk, as_issuer = client_for(clerk), client_for(issuer)
    samples = in_reach[: args.repeat]
    print("office screens (Django test client, full stack, audit rows written):")
    results = {
        "workbench, clerk": [timed(lambda: get(as_clerk, "/")) for _ in range(args.repeat)],
        "workbench, county issuer": [timed(lambda: get(as_issuer, "/")) for _ in range(args.repeat)],
        # A queue in full: its last page (get_page clamps 999), and filtered to overdue items.
        "queue page, issuer, last page": [
            timed(lambda: get(as_issuer, "/queues/decide/", page=999)) for _ in range(args.repeat)
        ],
        "queue page, clerk, overdue only": [
            timed(lambda: get(as_clerk, "/queues/hand_out/", overdue="on")) for _ in range(args.repeat)
        ],
        "search by full ID number": [timed(lambda s=s: get(as_clerk, "/search/", q=s[1])) for s in samples],
        "search by name (first 2 chars)": [timed(lambda s=s: get(as_issuer, "/search/", q=s[2][:2])) for s in samples],
        "search by pinyin initials": [timed(lambda s=s: get(as_issuer, "/search/", q=s[3][:3])) for s in samples],
        "search by phone": [timed(lambda s=s: get(as_issuer, "/search/", q=s[4])) for s in samples if s[4]],
    }

    def open_person(pk: int) -> None:
        as_issuer.post(f"/persons/{pk}/purpose/", {"purpose": "核查"})
        get(as_issuer, f"/persons/{pk}/")

    results["person page (purpose + read)"] = [timed(lambda s=s: open_person(s[0])) for s in samples]
    for name, millis in results.items():
        print(summary(name, millis), flush=True)

    if not args.no_daily:
        from juzhu.registry.actions.common import rules_context
        from juzhu.registry.jobs.daily import run_daily

        today = rules_context().today
        print(f"\ndaily job on {today} ({Permit.objects.count():,} permits):")
        for label in ("first run", "rerun (must change nothing)"):
            started = time.perf_counter()
            report = run_daily(today)
            print(f"  {label:<28} {time.perf_counter() - started:8.1f} s   {report.counts}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
