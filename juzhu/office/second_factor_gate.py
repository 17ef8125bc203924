"""After the password, nothing of the office opens until the second factor is given.

A logged-in user whose session is not yet verified by her authenticator
(``request.user.is_verified()``, set by django-otp's OTPMiddleware) is sent to
enter a code, or to enrol an authenticator when she has none. Only logging in and
out, the second-factor pages themselves, static files and the public permit check
stay open. The JSON API refuses such a session itself (``juzhu.api.auth``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from juzhu.api.middleware import is_api
from juzhu.org.second_factor import confirmed_device

# The pages that stay open, by URL name (their addresses come from the URL map).
OPEN_NAMES = frozenset({"login", "logout", "second_factor", "second_factor_enrol", "verify"})


def is_open(request: HttpRequest) -> bool:
    """Static files, the API (it refuses an unverified session itself) and the open pages."""
    if request.path.startswith(settings.STATIC_URL) or is_api(request):
        return True
    try:
        return resolve(request.path_info).view_name in OPEN_NAMES
    except Resolver404:
        return False


class SecondFactorRequired:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified() and not is_open(request):
            target = reverse("second_factor" if confirmed_device(user) else "second_factor_enrol")
            return redirect(target + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)
