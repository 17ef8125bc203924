"""After the password, nothing of the office opens until the second factor is given.

A logged-in user whose session is not yet verified by her authenticator
(``request.user.is_verified()``, set by django-otp's OTPMiddleware) is sent to
enter a code, or to enrol an authenticator when she has none. Only logging in and
out, the second-factor pages themselves, static files and the public permit check
stay open. The JSON API refuses such a session itself (``juzhu.api.auth``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect

from juzhu.org.second_factor import confirmed_device

OPEN_PREFIXES = ("/login/", "/logout/", "/second-factor/", "/static/", "/verify/", "/api/")


class SecondFactorRequired:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            target = "/second-factor/" if confirmed_device(user) else "/second-factor/enrol/"
            return redirect(target + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)
