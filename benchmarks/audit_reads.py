"""Benchmark: logged reads per second, chained at once (``record``) or queued (``record_read``).

Issue 9: every logged read of personal data (R-22) used to take the audit chain's lock.
This measures N logged reads with each function, from 1 and from 8 threads, then the
sequencer chaining the queued ones. Run it on a scratch database (the audit log is
append-only, the entries stay):

    export JUZHU_DATA_DIR=/tmp/juzhu-bench-audit   # or DATABASE_URL=postgresql://…/juzhu_bench_audit
    .venv/bin/python -m django migrate --settings=juzhu.settings -v0
    .venv/bin/python benchmarks/audit_reads.py --count 2000

Each read is what a view does after its queries: one ``transaction.atomic()`` around the
audit call, as ``view_person`` does; the actor is a staff user (one query for the roles).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juzhu.settings")


def run(function, actor, count: int, threads: int) -> float:
    """Reads per second with ``threads`` threads doing ``count`` reads in all."""
    from django.db import connections, transaction

    barrier = threading.Barrier(threads + 1)

    def work(n: int) -> None:
        try:
            barrier.wait()
            for i in range(count // threads):
                with transaction.atomic():
                    function(actor=actor, action="person.view", person_id=n * count + i, purpose="基准测试")
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    return (count // threads) * threads / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Logged reads per second: record() against record_read().")
    parser.add_argument("--count", type=int, default=2000, help="reads per measurement")
    parser.add_argument("--threads", default="1,8")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection

    from juzhu.audit.log import record, record_read, verify
    from juzhu.audit.sequencer import sequence_now
    from juzhu.org.models import User

    actor = User.objects.first()  # None (the system) on an empty database
    print(f"database: {connection.vendor}; {args.count} logged reads per line; actor: {actor or 'system'}")
    print(f"{'threads':>7} {'record() /s':>12} {'record_read() /s':>17} {'ratio':>6}")
    for threads in (int(t) for t in args.threads.split(",")):
        chained = run(record, actor, args.count, threads)
        queued = run(record_read, actor, args.count, threads)
        print(f"{threads:>7} {chained:>12.0f} {queued:>17.0f} {queued / chained:>6.1f}")
        started = time.perf_counter()
        result = sequence_now()
        took = time.perf_counter() - started
        print(
            f"        sequencer: {result.chained} queued reads chained in {took:.2f} s ({result.chained / took:.0f}/s)"
        )
    result = verify()
    print(f"verify: ok={result.ok}, {result.checked} entries, {result.queued} queued")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
