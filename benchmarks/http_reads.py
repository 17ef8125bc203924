"""Benchmark: the public and API reads over HTTP, each as a ratio to a bare view (issue 9).

Starts the real server on a free port of 127.0.0.1 (``scripts/serve``, as ``./run`` serves,
or a candidate server with ``--server``), warms it up, then runs ``--clients`` concurrent
clients (threads, one keep-alive ``http.client`` connection each) against, in turn:

- ``bare``: ``GET /healthz``, the whole middleware stack and no query (measured first and
  last; the ratios are to the mean of the two, so a drifting machine shows);
- ``verify``: the public card verification page of real cards (number and token);
- ``person``: ``GET /api/v1/persons/{id}`` with an API token and a purpose (audited);
- ``search``: ``GET /api/v1/persons?q=<full ID number>`` with the token (audited).

It prints req/s, p50/p95/p99 and the ratio to bare, then the in-process cost of one request
of each kind (Django's test client, no network): median and p95 ms and the queries run.
Use the database that ``DATABASE_URL`` (else ``JUZHU_DATA_DIR``'s SQLite) names, after
``juzhu demo`` or ``generate_residents.py``; every read writes its audit row, so use a
scratch database. An API token for the benchmark's user is created (and revoked at the end).

    JUZHU_TODAY=2026-11-26 .venv/bin/python benchmarks/http_reads.py --clients 16 --seconds 10

The machine's load matters (the clients share the CPUs with the server): see ``uptime``.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juzhu.settings")

from benchmarks.serving import SERVERS, process_tree_cpu, start_server, stop_server  # noqa: E402 (needs ROOT on the path)

TARGETS = ("bare", "verify", "person", "search")
PURPOSE = "性能测试"


@dataclass
class Result:
    name: str
    seconds: float
    latencies: list[float] = field(default_factory=list)  # ms
    errors: int = 0
    cpu: float = 0.0  # CPU seconds the server's processes used meanwhile (PostgreSQL's own not counted)

    @property
    def cpu_ms(self) -> float:
        """Server CPU per request: unlike req/s, barely moved by other work on the machine."""
        return self.cpu * 1000 / len(self.latencies) if self.latencies else float("nan")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] if ordered else float("nan")


def prepare(samples: int, seed: int) -> tuple[str, dict[str, list[str]], dict[str, str]]:
    """The benchmark user's token and, per target, the paths to request (drawn at random)."""
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.urls import reverse

    from juzhu.api.tokens import create_token
    from juzhu.org.models import Unit, User
    from juzhu.org.roles import ISSUER
    from juzhu.registry.models import PermitCard, Person
    from juzhu.registry.verification import card_token

    rng = random.Random(seed)
    busiest = Person.objects.values("county_id").annotate(n=Count("id")).order_by("-n").first()
    if busiest is None:
        raise SystemExit("no persons: run `juzhu demo` or benchmarks/generate_residents.py first")
    county = busiest["county_id"]
    user = (
        User.objects.filter(
            unit__kind=Unit.Kind.COUNTY_BUREAU, unit__county_id=county, groups__name=ISSUER, is_active=True
        )
        .order_by("pk")
        .first()
    )
    if user is None:
        raise SystemExit(f"no issuer in county {county}")
    key = create_token(user, "benchmark")
    persons = list(Person.objects.filter(county_id=county).order_by("?").values_list("pk", "id_number")[:samples])
    cards = list(PermitCard.objects.order_by("?").values_list("permit__number", "version")[:samples])
    rng.shuffle(persons)
    read, search = operation_path("view_person"), operation_path("search_persons")
    paths = {
        "bare": [reverse("healthz")],
        "verify": [f"{reverse('verify', args=[n])}?{urlencode({'t': card_token(n, v)})}" for n, v in cards],
        "person": [f"{read.format(id=pk)}?{urlencode({'purpose': PURPOSE})}" for pk, _ in persons],
        "search": [f"{search}?{urlencode({'q': number})}" for _, number in persons],
    }
    info = {
        "database": f"{connection.vendor} {connection.settings_dict['NAME']}",
        "persons": f"{Person.objects.count():,}",
        "user": f"{user.username} ({user.unit}), county {county}: {busiest['n']:,} persons",
    }
    connection.close()
    return key, paths, info


def operation_path(operation_id: str) -> str:
    """The path of an API operation, from the OpenAPI document (``/api/v1/persons/{id}``)."""
    from juzhu.api.urls import api

    for path, methods in api.get_openapi_schema()["paths"].items():
        if any(operation.get("operationId") == operation_id for operation in methods.values()):
            return str(path)
    raise LookupError(operation_id)


def load(
    server: subprocess.Popen,
    port: int,
    name: str,
    paths: list[str],
    headers: dict,
    clients: int,
    seconds: float,
    seed: int,
) -> Result:
    """``clients`` threads, each on its own keep-alive connection, for ``seconds``."""
    result = Result(name, seconds)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        errors = 0
        start.wait()
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            try:
                connection.request("GET", rng.choice(paths), headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
            mine.append((time.perf_counter() - began) * 1000)
        connection.close()
        with lock:
            result.latencies.extend(mine)
            result.errors += errors

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    cpu_before = process_tree_cpu(server.pid)
    stop_at[0] = time.perf_counter() + seconds
    start.wait()
    for thread in threads:
        thread.join()
    result.cpu = process_tree_cpu(server.pid) - cpu_before
    return result


def in_process(key: str, paths: dict[str, list[str]], repeat: int, seed: int) -> list[tuple[str, float, float, int]]:
    """Per request: median and p95 ms, and the queries of one request, through Django's whole stack."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(seed)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {key}")
    rows = []
    for name in TARGETS:
        millis, queries = [], []
        for _ in range(repeat):
            path = rng.choice(paths[name])
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(path)
                millis.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (path, response.status_code, response.content[:300])
            queries.append(len(captured.captured_queries))
        ordered = sorted(millis)
        rows.append((name, statistics.median(ordered), ordered[round(0.95 * len(ordered)) - 1], max(queries)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="HTTP reads against the real server, as ratios to a bare view.")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10, help="per target (default 10)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds per target before measuring")
    parser.add_argument("--server", choices=sorted(SERVERS), default="serve", help="default: scripts/serve")
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated subset of " + ",".join(TARGETS))
    parser.add_argument("--samples", type=int, default=500, help="persons and cards drawn (default 500)")
    parser.add_argument("--in-process", type=int, default=100, help="requests per target in process (0: skip)")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args(argv)
    targets = [t for t in args.targets.split(",") if t]
    assert set(targets) <= set(TARGETS), targets

    key, paths, info = prepare(args.samples, args.seed)
    headers = {"Authorization": f"Bearer {key}", "Host": "127.0.0.1"}
    print(f"database {info['database']}, {info['persons']} persons; API user {info['user']}")
    print(f"server {args.server}, {args.clients} clients, {args.seconds:g} s per target; {os.getloadavg()[0]:.2f} load")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    log = Path(tempfile.gettempdir()) / f"http_reads-{port}.log"
    server = start_server(args.server, port, log)
    results: list[Result] = []
    try:
        order = ["bare", *[t for t in targets if t != "bare"], "bare"] if "bare" in targets else targets
        for name in order:
            load(server, port, name, paths[name], headers, args.clients, args.warmup, args.seed)  # warm-up
            results.append(load(server, port, name, paths[name], headers, args.clients, args.seconds, args.seed))
    finally:
        stop_server(server)
    bare = [r.rate for r in results if r.name == "bare"]
    reference = statistics.mean(bare) if bare else float("nan")
    bare_cpu = statistics.mean(r.cpu_ms for r in results if r.name == "bare") if bare else float("nan")
    print(
        f"\n{'target':<8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'of bare':>8}"
        f" {'cpu ms':>8} {'of bare':>8}"
    )
    for r in results:
        print(
            f"{r.name:<8} {r.rate:8.0f} {r.percentile(0.5):8.1f} {r.percentile(0.95):8.1f} "
            f"{r.percentile(0.99):8.1f} {r.errors:7d} {r.rate / reference:8.0%} "
            f"{r.cpu_ms:8.2f} {bare_cpu / r.cpu_ms:8.0%}"
        )
    print("cpu ms: the server's CPU per request (its processes; PostgreSQL's own not counted);")
    print("its 'of bare' is the throughput ratio the server's CPU alone allows, whatever else the machine runs.")
    if args.in_process:
        print(f"\nin process (Django test client, no network), {args.in_process} requests each:")
        print(f"{'target':<8} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, median, p95, queries in in_process(key, paths, args.in_process, args.seed):
            print(f"{name:<8} {median:10.2f} {p95:8.2f} {queries:8d}")
    from juzhu.api.tokens import revoke_token

    revoke_token(key[:8])
    print(f"\n{os.getloadavg()[0]:.2f} load at the end (uptime: {' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
