"""Benchmark: stream synthetic residents into the database named by DATABASE_URL.

    JUZHU_DATA_DIR=/tmp/juzhu-demo-data python -m django migrate --settings=juzhu.settings
    JUZHU_DATA_DIR=/tmp/juzhu-demo-data python benchmarks/generate_residents.py --count 100000

The bulk path (``generate_bulk``: the demo's plans written with ``bulk_create``, no audit
history); ``--actions`` times the demo city's own path through the registry's actions.
Prints rows per second overall and per table (rows / seconds spent in that table's
``bulk_create``), elapsed time, the resident set size while it runs and the peak
(``resource.getrusage``). See benchmarks/README.md for measured figures.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juzhu.settings")


def rss_mb() -> float:
    """Current resident set size in MiB (Linux), else the peak."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_mb()


def peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate synthetic residents and measure the throughput.")
    parser.add_argument("--count", type=int, default=100_000, help="residents to generate (default 100000)")
    parser.add_argument("--batch", type=int, default=5000, help="residents per transaction (default 5000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--today",
        type=datetime.date.fromisoformat,
        default=None,
        help="the day the data is as of (default: JUZHU_TODAY or the real date)",
    )
    parser.add_argument("--every", type=int, default=20, help="report progress every N batches")
    parser.add_argument(
        "--actions",
        action="store_true",
        help="make them as the demo city does, through the registry's actions day by day (slow: "
        "about a few hundred residents a second) instead of the bulk path",
    )
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection

    from juzhu.demo.generator import generate, generate_bulk
    from juzhu.org.loading import load_units

    load_units()
    settings = connection.settings_dict
    print(
        f"database: {connection.vendor} {settings['NAME']}  count={args.count:,} batch={args.batch:,}"
        f"  path={'actions' if args.actions else 'bulk'}",
        flush=True,
    )
    print(f"rss at start: {rss_mb():.0f} MiB", flush=True)
    batches = {"n": 0}

    def progress(state: dict) -> None:
        batches["n"] += 1
        if batches["n"] % args.every == 0 or state["done"] == state["count"]:
            rate = state["done"] / state["elapsed"] if state["elapsed"] else 0
            print(
                f"  {state['done']:>10,} residents  {state['elapsed']:8.1f} s  {rate:8.0f} residents/s  "
                f"rss {rss_mb():6.0f} MiB",
                flush=True,
            )

    started = time.perf_counter()
    if args.actions:
        summary = generate(args.count, today=args.today, seed=args.seed)
        elapsed = time.perf_counter() - started
        print(f"elapsed {elapsed:.1f} s (planning {summary['timing']['planning']:.1f} s)")
        print(f"residents {summary['residents']:,}: {summary['residents'] / elapsed:,.0f} residents/s")
        print(f"actions {summary['actions']:,}, daily job runs {summary['daily_runs']:,}")
        print("rows: " + ", ".join(f"{k} {v:,}" for k, v in summary["rows"].items()))
        print(f"peak rss {peak_mb():.0f} MiB")
        return 0
    summary = generate_bulk(args.count, today=args.today, seed=args.seed, batch=args.batch, progress=progress)
    elapsed = time.perf_counter() - started
    rows, timing = summary["rows"], summary["timing"]
    total = sum(rows.values())
    print(
        f"\nelapsed {elapsed:.1f} s (planning in Python {timing['planning']:.1f} s, "
        f"inserts {sum(timing['insert'].values()):.1f} s)"
    )
    print(f"residents {summary['residents']:,}: {summary['residents'] / elapsed:,.0f} residents/s")
    print(f"rows {total:,}: {total / elapsed:,.0f} rows/s overall")
    print(f"{'table':<14}{'rows':>12}{'insert s':>10}{'rows/s':>12}")
    for table, count in rows.items():
        seconds = timing["insert"][table]
        rate = f"{count / seconds:,.0f}" if seconds else "-"
        print(f"{table:<14}{count:>12,}{seconds:>10.1f}{rate:>12}")
    print("states: " + ", ".join(f"{k} {v:,}" for k, v in summary["states"].items()))
    print(f"peak rss {peak_mb():.0f} MiB, rss at end {rss_mb():.0f} MiB")
    entries_started = time.perf_counter()
    entries = status_entries()
    print(f"e-permit status entries {entries:,} in {time.perf_counter() - entries_started:.1f} s")
    analyze_started = time.perf_counter()
    analyze()
    print(f"ANALYZE {time.perf_counter() - analyze_started:.1f} s")
    return 0


def status_entries() -> int:
    """The e-permit's status list entries of the bulk-written cards (juzhu.credentials.status).

    A card made by the actions gets its entry at once (a post_save hook); bulk_create sends no
    signal, so without this the first daily job would make them all: 574,614 entries and 71 s
    of a 1M registry's first run (benchmarks/README.md, "Daily job"), work a registry in service
    never has. Lists are signed when a key and JUZHU_PUBLIC_URL are there, as the job signs them.
    """
    from juzhu.credentials import keys, status
    from juzhu.registry.verification import PublicUrlMissing

    made = status.reconcile()
    try:
        status.sign_all()
    except (PublicUrlMissing, keys.KeyUnavailable):
        pass  # the daily job signs them once the address or the key is there
    return made


def analyze() -> None:
    """Fresh planner statistics after the bulk load, as a database in service has them.

    Without them PostgreSQL, still believing the tables small, combined the county index
    with the person index (a BitmapAnd reading the whole county's entries) for every
    scoped read of one person: a person read that slowed down as the registry grew
    (6–28 ms per query at 190,000 residents instead of 0.03 ms). Autovacuum would get
    there in its own time; a benchmark must not measure the gap.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    sys.exit(main())
