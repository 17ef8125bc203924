"""The same write twice gets the same answer once: ``Idempotency-Key`` (API) and ``form_token`` (office).

A client names a write request with a key: the API's ``Idempotency-Key`` header, or the
one-time ``form_token`` that office/static/office/once.js puts in every office form. The
first request with a (user, key) runs, and its response is stored in the SAME transaction
as the action's writes (``IdempotencyRecord``, kept ``JUZHU_IDEMPOTENCY_HOURS``). A second
request with that key, arriving while the first runs, waits for it on the record's unique
key and then answers the stored response (header ``Idempotent-Replayed: true``); arriving
later, it answers the stored response at once. The same key with a different request is
refused (API 422, office 409). Server errors (5xx) and refused authentication (401/403)
are not stored: the whole request is rolled back, and the key can be used again.

Requests without a key are not deduplicated here; each action refuses a double submit
itself (issue 8, finding 3).
"""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from juzhu.api.auth import live_token
from juzhu.api.middleware import is_api
from juzhu.office.views.errors import bad_request
from juzhu.registry.models import IdempotencyRecord
from juzhu.request_errors import unreadable

logger = logging.getLogger("juzhu.idempotency")

HEADER = "Idempotency-Key"
FORM_FIELD = "form_token"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
MAX_KEY = 255
REPLAYED = "Idempotent-Replayed"
# Not part of what was asked: the CSRF token changes with every page, the key names the request.
_NOT_FINGERPRINTED = {"csrfmiddlewaretoken", FORM_FIELD}


def key_is_valid(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY and key.isascii() and key.isprintable()


class Idempotent:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in UNSAFE:
            return self.get_response(request)
        api = is_api(request)
        try:
            key = request.headers.get(HEADER) if api else _form_token(request)
            if key is None:
                return self.get_response(request)
            if not key_is_valid(key):
                if api:
                    return _json(f"{HEADER} 应为 1 至 {MAX_KEY} 个可见 ASCII 字符", 400, field=HEADER)
                return self.get_response(request)
            fingerprint = _fingerprint(request)
        except Exception as exc:
            if unreadable(exc) is None:
                raise
            return bad_request(request, exc)  # too big, malformed multipart: 413 / 400 in Chinese
        user = _api_user(request) if api else _office_user(request)
        if user is None:
            return self.get_response(request)  # the view answers 401 or sends to the login
        _forget_expired()
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        user=user, key=key, fingerprint=fingerprint, created_at=timezone.now(), status_code=0
                    )
            except IntegrityError:
                # The same key was used before, or is being used right now: the insert waited
                # for that transaction to end, and its record is now there to read.
                return _replay(request, user, key, fingerprint, api)
            response = self.get_response(request)
            if response.status_code >= 500 or response.status_code in (401, 403) or response.streaming:
                transaction.set_rollback(True)
                return response
            record.status_code = response.status_code
            record.content_type = response.get("Content-Type", "")
            record.location = response.get("Location", "")
            record.body = response.content
            record.save(update_fields=["status_code", "content_type", "location", "body"])
        return response


def _replay(request, user, key: str, fingerprint: str, api: bool):
    record = IdempotencyRecord.objects.filter(user=user, key=key).first()
    if record is None:  # the first request failed and was rolled back: let the client try again
        message = "相同键的请求刚刚处理失败，请重试"
        return _json(message, 409) if api else _page(request, message, 409)
    if record.fingerprint != fingerprint:
        if api:
            return _json(f"该 {HEADER} 已用于另一个内容不同的请求；新的请求请使用新的键", 422, field=HEADER)
        return _page(request, "此表单已经提交过，且内容有变化：请刷新页面后重新填写提交", 409)
    response = HttpResponse(bytes(record.body), status=record.status_code, content_type=record.content_type or None)
    if record.location:
        response["Location"] = record.location
    response[REPLAYED] = "true"
    return response


def _form_token(request) -> str | None:
    request.body  # noqa: B018  (read and kept first, so that the view can still read it after POST)
    return request.POST.get(FORM_FIELD)


def _api_user(request):
    authorization = request.headers.get("Authorization", "")
    if authorization[:7].lower() == "bearer ":
        token = live_token(authorization[7:])
        return token.user if token else None
    return _office_user(request)


def _office_user(request):
    user = getattr(request, "user", None)
    verified = getattr(user, "is_verified", lambda: False)()
    return user if user is not None and user.is_authenticated and user.is_active and verified else None


def _fingerprint(request) -> str:
    """SHA-256 of method, path and what was sent (form fields and files, or the raw body)."""
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    request.body  # noqa: B018  (read and kept first, so that the view can still read it after POST)
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        for name, values in sorted(request.POST.lists()):
            if name not in _NOT_FINGERPRINTED:
                digest.update(repr((name, values)).encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(repr((name, upload.name, upload.size)).encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _forget_expired() -> None:
    """Drop records past their time; best effort, outside the request's transaction."""
    cutoff = timezone.now() - datetime.timedelta(hours=settings.JUZHU_IDEMPOTENCY_HOURS)
    try:
        IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    except DatabaseError:  # e.g. two requests deleting the same rows: the next request tries again
        logger.info("idempotency: expired records not removed this time", exc_info=True)


def _json(message: str, status: int, field: str | None = None) -> JsonResponse:
    return JsonResponse({"message": message, "field": field}, status=status, json_dumps_params={"ensure_ascii": False})


def _page(request, message: str, status: int):
    return render(request, "office/error.html", {"message": message}, status=status)
