"""Serve juzhu with waitress: the one serve command (``scripts/serve``, called by ``./run`` and
by the test that starts the real server behind a pretend proxy).

Plain http on 127.0.0.1 (``JUZHU_HOST`` / ``JUZHU_PORT``) is the default. Served over HTTPS
(``settings.HTTPS``: ``JUZHU_HTTPS=1``, or ``JUZHU_PUBLIC_URL=https://…``), TLS ends at a
reverse proxy (nginx) that says so in ``X-Forwarded-Proto``. waitress drops that header
unless it comes from a proxy it trusts, and then Django sees plain http: the login form
fails the CSRF origin check and no HSTS is sent. So the proxy is named:

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

DEFAULT_PROXY_HEADERS = "x-forwarded-proto x-forwarded-for x-forwarded-host"


def threads(environ=os.environ) -> int:
    """Worker threads (``JUZHU_THREADS``, default 4). One process runs Python on one core at a
    time, so more threads mainly add switching: on 2 cores, 8 threads cost a person read 3.9 ms
    of CPU, 4 threads 3.1 ms and 2 threads 2.9 ms (benchmarks/README.md, "Reads over HTTP").
    Four, not two, so that two slow requests (a PDF being drawn) do not hold up the queue."""
    value = environ.get("JUZHU_THREADS", "").strip() or "4"
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise SystemExit(f"JUZHU_THREADS（工作线程数）应为 1 到 64 之间的整数，当前为 {value!r}")
    return int(value)


def waitress_arguments(https: bool, environ=os.environ) -> list[str]:
    host, port = environ.get("JUZHU_HOST", "127.0.0.1"), environ.get("JUZHU_PORT", "8000")  # as ./run prints
    arguments = [f"--listen={host}:{port}", f"--threads={threads(environ)}"]
    proxy = environ.get("JUZHU_TRUSTED_PROXY", "127.0.0.1" if https else "").strip()
    if proxy:
        headers = environ.get("JUZHU_TRUSTED_PROXY_HEADERS", DEFAULT_PROXY_HEADERS).split()
        arguments += [
            f"--trusted-proxy={proxy}",
            f"--trusted-proxy-count={int(environ.get('JUZHU_TRUSTED_PROXY_COUNT', '1'))}",
            f"--trusted-proxy-headers={' '.join(headers)}",
            "--clear-untrusted-proxy-headers",
        ]
    return [*arguments, "juzhu.wsgi:application"]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juzhu.settings")
    from django.conf import settings
    from waitress.runner import run

    run(argv=["waitress-serve", *waitress_arguments(settings.HTTPS)])


if __name__ == "__main__":
    sys.exit(main())
