"""A password that falls short of the policy (juzhu.org.passwords.must_change, decided at
login) must be changed before anything else opens: the page to change it, logging out
and the static files stay open. It comes after the second factor, so that the password
alone never reaches the page that changes it."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from juzhu.api.middleware import is_api
from juzhu.org.passwords import MUST_CHANGE_SESSION_KEY

OPEN_NAMES = ("password_change", "logout")


class PasswordChangeRequired:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session, user = getattr(request, "session", None), getattr(request, "user", None)
        if (
            session is not None
            and session.get(MUST_CHANGE_SESSION_KEY)
            and user is not None
            and user.is_authenticated
            and user.is_verified()
        ):
            open_paths = {reverse(name) for name in OPEN_NAMES}
            if request.path not in open_paths and not request.path.startswith(settings.STATIC_URL):
                if is_api(request):
                    return JsonResponse({"message": "请先在办公页面修改密码", "field": None}, status=403)
                return redirect(reverse("password_change"))
        return self.get_response(request)
