"""The resident's session: its own key, never a staff login (issue 10, docs/security.md).

A resident is not a Django user: ``request.user`` stays anonymous, so every office page and
the API refuse her session like no session at all. The portal, in turn, reads only its own
key and ignores a session in which a staff user is logged in; signing in as a resident
starts a fresh session (ending any staff login in that browser), so the two never mix.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from juzhu.residents.models import ResidentAccount

ACCOUNT_KEY = "juzhu_resident_account"
PHONE_KEY = "juzhu_resident_phone"  # between "send the code" and "enter the code"


def current_account(request: HttpRequest) -> ResidentAccount | None:
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return None  # a staff session is never a resident's
    account_id = request.session.get(ACCOUNT_KEY)
    if account_id is None:
        return None
    return ResidentAccount.objects.select_related("person").filter(pk=account_id).first()


def sign_in(request: HttpRequest, account: ResidentAccount) -> None:
    request.session.flush()  # a new session key: no fixation, no staff login carried over
    request.session[ACCOUNT_KEY] = account.pk


def sign_out(request: HttpRequest) -> None:
    request.session.flush()


def client_address(request: HttpRequest) -> str | None:
    """``REMOTE_ADDR``: behind the trusted proxy the forwarded-header filter has already put the
    client's address there (X-Forwarded-For, from that proxy only, juzhu/wsgi.py); from anyone else it is the peer."""
    return request.META.get("REMOTE_ADDR") or None


def resident_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in as a resident, else to the sign-in page (coming back afterwards)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        account = current_account(request)
        if account is None:
            return redirect(reverse("portal:sign_in") + "?" + urlencode({"next": request.get_full_path()}))
        request.resident = account  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped
