"""Serve juzhu: the one serve command (``scripts/serve``, called by ``./run`` and by the test
that starts the real server behind a pretend proxy).

The server is granian (HTTP in Rust) with several worker processes, each running the
application on few Python threads (issue 9, chosen by measurement: docs/deploy.md). In one
process every query hands Python's interpreter lock to another thread and back, and on a
2-core machine one waitress process spent most of a read's time in those hand-overs:
granian with 2 processes answers about twice as many card checks and 2.4 times as many person
reads as waitress with 4 threads did on SQLite, 1.7 times as many of each on PostgreSQL
(benchmarks/README.md, "The server").

- ``JUZHU_HOST`` / ``JUZHU_PORT``: plain http on 127.0.0.1:8000 by default.
- ``JUZHU_WORKERS``: processes (default: the machine's cores, at most 8). Each runs its own audit
  sequencer, which is safe (juzhu/audit/sequencer.py).
- ``JUZHU_THREADS``: Python threads per process (default 2), so that one slow request (a PDF
  being drawn) does not hold up the process's queue.

Served over HTTPS (``settings.HTTPS``), TLS ends at a reverse proxy (nginx) that says so in
``X-Forwarded-Proto``. Only that proxy is believed: ``juzhu.wsgi`` wraps the application in
waitress's forwarded-header filter, configured here from the environment:

- ``JUZHU_TRUSTED_PROXY``: the proxy's address (default ``127.0.0.1`` over HTTPS; ``*`` trusts
  any peer, only when nothing else can reach the port). Empty: trust no one.
- ``JUZHU_TRUSTED_PROXY_COUNT``: proxies in the chain (default 1).
- ``JUZHU_TRUSTED_PROXY_HEADERS``: default ``x-forwarded-proto x-forwarded-for x-forwarded-host``.

The forwarded headers of any other peer are removed before Django sees them, so a client
talking to the port directly cannot claim https or another address (django-axes locks
out by address). See docs/deploy.md for the nginx side.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

DEFAULT_PROXY_HEADERS = "x-forwarded-proto x-forwarded-for x-forwarded-host"


def _count(environ: Mapping[str, str], name: str, label: str, default: int) -> int:
    value = environ.get(name, "").strip() or str(default)
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise SystemExit(f"{name}（{label}）应为 1 到 64 之间的整数，当前为 {value!r}")
    return int(value)


def threads(environ: Mapping[str, str] = os.environ) -> int:
    """Python threads per worker process (``JUZHU_THREADS``, default 2). More threads in one
    process mainly add hand-overs of the interpreter lock (waitress's 8 threads cost a person read
    3.86 ms of CPU, its 4 threads 2.88 ms); on 2 cores 2 processes × 2 threads answered as many reads as
    2 × 1 (benchmarks/README.md, "The server"). Two, not one, so that one slow request (a PDF
    being drawn) does not hold up its process."""
    return _count(environ, "JUZHU_THREADS", "每个进程的工作线程数", 2)


DEFAULT_MOST_WORKERS = 8  # each process holds the application (90 MB, more as it works); a big machine says how many


def workers(environ: Mapping[str, str] = os.environ) -> int:
    """Worker processes (``JUZHU_WORKERS``, default: the cores this process may use, at most 8)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return _count(environ, "JUZHU_WORKERS", "工作进程数", min(cores, DEFAULT_MOST_WORKERS))


def proxy_settings(https: bool, environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """The keyword arguments of waitress's ``proxy_headers_middleware`` (``juzhu.wsgi``): whom to
    believe about the client's scheme, address and host, and the headers removed from anyone else."""
    from waitress.adjustments import KNOWN_PROXY_HEADERS

    proxy = environ.get("JUZHU_TRUSTED_PROXY", "127.0.0.1" if https else "").strip()
    if not proxy:
        return {"trusted_proxy": None, "clear_untrusted": True}
    headers = {h.lower() for h in environ.get("JUZHU_TRUSTED_PROXY_HEADERS", DEFAULT_PROXY_HEADERS).split()}
    unknown = sorted(headers - KNOWN_PROXY_HEADERS)
    if unknown:
        raise SystemExit(
            f"JUZHU_TRUSTED_PROXY_HEADERS（受信任代理的转发头）含未知的头 {' '.join(unknown)}；"
            f"可用：{' '.join(sorted(KNOWN_PROXY_HEADERS))}"
        )
    return {
        "trusted_proxy": proxy,
        "trusted_proxy_count": _count(environ, "JUZHU_TRUSTED_PROXY_COUNT", "代理层数", 1),
        "trusted_proxy_headers": headers,
        "clear_untrusted": True,
    }


def server_options(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """granian's settings for juzhu (``granian.Granian``'s keyword arguments)."""
    from granian.constants import Interfaces

    port = environ.get("JUZHU_PORT", "8000").strip()
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise SystemExit(f"JUZHU_PORT（端口）应为 1 到 65535 之间的整数，当前为 {port!r}")
    return {
        "target": "juzhu.wsgi:application",
        "address": environ.get("JUZHU_HOST", "127.0.0.1"),  # as ./run prints
        "port": int(port),
        "interface": Interfaces.WSGI,
        "workers": workers(environ),
        "blocking_threads": threads(environ),
        "websockets": False,
        "respawn_failed_workers": True,  # a worker that dies is replaced, the others serve meanwhile
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juzhu.settings")
    from django.conf import settings
    from granian import Granian

    options = server_options()
    proxy_settings(settings.HTTPS)  # a bad proxy setting stops the start here, not in each worker
    Granian(**options).serve()


if __name__ == "__main__":
    sys.exit(main())
