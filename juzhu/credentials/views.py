"""The public files a verifier downloads: the signing keys and the status lists (no login).

Both are cacheable (``Cache-Control: public``, a strong ``ETag``, ``304`` on a match) and carry
no personal data: a key set, and two bits per card at indices that name nobody.
"""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from juzhu.registry.verification import PublicUrlMissing

from . import keys, status

JWKS_MAX_AGE = 3600


def _cached(request: HttpRequest, body: bytes, content_type: str, max_age: int) -> HttpResponse:
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"  # a verifier's web app may fetch them
    return response


@require_GET
def jwks(request: HttpRequest) -> HttpResponse:
    """``/.well-known/jwks.json``: the current key and the retired keys still needed (RFC 7517)."""
    body = json.dumps(keys.jwks(), separators=(",", ":")).encode("ascii")
    return _cached(request, body, "application/jwk-set+json", JWKS_MAX_AGE)


@require_GET
def status_list(request: HttpRequest, list_number: int) -> HttpResponse:
    """``/status/<n>.jwt``: the signed list (``application/statuslist+jwt``), re-signed when stale."""
    try:
        found = status.served(list_number)
    except PublicUrlMissing as missing:
        return HttpResponse(missing.message, status=503, content_type="text/plain; charset=utf-8")
    if found is None:
        return HttpResponse("没有这个状态列表", status=404, content_type="text/plain; charset=utf-8")
    return _cached(request, found.token.encode("ascii"), "application/statuslist+jwt", status.TTL)
