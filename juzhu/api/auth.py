"""Who is calling: a Bearer API token, or the Django session (with CSRF for unsafe methods)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from juzhu.org.access import load_access
from juzhu.org.models import ApiToken
from juzhu.prepared import Prepared
from juzhu.registry.context import remember, stamp_column

from .tokens import hash_key

# Writing last_used_at on every call would serialise all readers on SQLite; once a minute is plenty.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class BearerToken(HttpBearer):
    """``Authorization: Bearer <key>``: a present but wrong token is refused outright (401)."""

    def authenticate(self, request, token: str):
        found = live_token(token)
        if found is None:
            raise AuthenticationError(401, "API 令牌无效、已撤销，或其用户已停用")
        remember(found.rules_stamp)  # annotated by UNREVOKED_TOKEN
        load_access(found.user)  # permissions and roles in one query, not three
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.user


# Every API call asks it, so it is compiled once per process (juzhu.prepared); never cached:
# a revoked token is refused from the next call.
UNREVOKED_TOKEN = Prepared(
    lambda key_hash: (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(key_hash=key_hash, revoked=False)
        .annotate(rules_stamp=stamp_column())  # the rules version with the row: one round trip fewer
        .order_by("pk")[:1]
    ),
    key_hash=str,
)


def live_token(token: str | None) -> ApiToken | None:
    """The unrevoked token with this key, of an active user; else None."""
    token = (token or "").strip()
    if not token:
        return None
    found = next(iter(UNREVOKED_TOKEN.objects(key_hash=hash_key(token))), None)
    return found if found is not None and found.user.is_active else None


class SessionCookie(APIKeyCookie):
    """The logged-in office user; unsafe methods must carry the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # not logged in: answer 401, not a CSRF complaint
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF 校验失败：请刷新页面后重试，或改用 API 令牌")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        # A session counts only once the second factor was given (juzhu.org.second_factor).
        user = request.user
        verified = getattr(user, "is_verified", lambda: False)()
        return user if user.is_authenticated and user.is_active and verified else None


def actor(request):
    """The authenticated user of this request, whichever way she authenticated."""
    return request.auth
