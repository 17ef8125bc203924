"""Benchmark: what one intake (registration + complete application) asks of the database.

Counts the queries of ``register_residence`` followed by ``receive_application`` (accepted at
once), and among them those on the rules version and the calendar/parameter tables, with the
per-action memo (``one_moment`` → ``context.one_version``) and, for comparison, with the memo
switched off (each ``rules_context()`` then asks for the version, as before issue 9). Each
intake runs in a transaction that is rolled back. Run against a migrated database with the
shipped units (``juzhu org load-units``), e.g.:

    export JUZHU_DATA_DIR=/tmp/juzhu-bench JUZHU_DEMO=1
    .venv/bin/juzhu migrate -v0 && .venv/bin/juzhu org load-units
    .venv/bin/python benchmarks/intake_queries.py --rounds 20
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juzhu.settings")


class Rollback(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Queries and time of one intake.")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from juzhu.org.staff import create_staff
    from juzhu.registry import context
    from juzhu.registry.actions import common, receive_application, register_residence
    from juzhu.registry.commands import PersonIn, ResidenceIn
    from juzhu.rules.id_number import check_character

    materials = {"resident_id_card": "", "photo": "", "residence_address_proof": "房东", "employment_proof": "某公司"}

    def intake(serial: int) -> None:
        body = f"61011319900228{serial:03d}"
        with transaction.atomic():
            clerk = create_staff("bench_clerk", unit_code="AK-610902-PS01", role="clerk")
            registration = register_residence(
                acting_user=clerk,
                person=PersonIn.model_construct(
                    id_number=body + check_character(body),
                    name="张丽",
                    ethnicity="01",
                    hukou_division="610113",
                    hukou_address="陕西省西安市雁塔区小寨路1号",
                ),
                residence=ResidenceIn.model_construct(
                    town="610902001",
                    address="老城街道某小区1号",
                    arrival_date=datetime.date.today() - datetime.timedelta(days=200),  # noqa: DTZ011
                    reason="work",
                    housing="rented",
                ),
            )
            receive_application(
                acting_user=clerk,
                registration_id=registration.pk,
                condition="employment",
                materials=materials,
                confirm_not_eligible=True,
            )
            raise Rollback

    def measure(label: str) -> None:
        counts, versions, calendars, times = [], [], [], []
        for serial in range(args.rounds):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                with contextlib.suppress(Rollback):
                    intake(serial + 1)
                times.append((time.perf_counter() - started) * 1000)
            sql = [q["sql"] for q in queries.captured_queries]
            counts.append(len(sql))
            versions.append(sum("registry_rulesversion" in s for s in sql))
            calendars.append(sum("registry_calendaryear" in s or "registry_parametervalue" in s for s in sql))
        print(
            f"{label}: {statistics.median(counts):.0f} queries per intake, of which "
            f"{statistics.median(versions):.0f} on the rules version and {statistics.median(calendars):.0f} "
            f"on calendar/parameters; median {statistics.median(times):.1f} ms "
            f"({connection.vendor}, {args.rounds} rounds)"
        )

    context.rules_context()  # warm the process cache, as a running server has it
    measure("one version per action")
    common.one_version = contextlib.nullcontext  # type: ignore[assignment]  (as before: no memo)
    measure("a version query per rules_context()")
    return 0


if __name__ == "__main__":
    sys.exit(main())
