"""``GET /healthz``: the process answers, without touching the database.

For a deploy's health check (a load balancer, systemd, a container probe) and as the bare
Django view that ``benchmarks/http_reads.py`` measures every read against: it runs the
whole middleware stack but no query, so its throughput is what the server and Django
cost on their own.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
