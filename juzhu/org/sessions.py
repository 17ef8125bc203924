"""Sign-in sessions: the user with her unit in one query, and a sliding idle timeout that does
not write the session on every request.

- ``UserWithUnit``: Django's ``ModelBackend`` loads the signed-in user alone, and every office
  page then reads her unit (jurisdiction, the header): one round trip more per page.
- ``IdleTimeout``: a session ends after ``SESSION_COOKIE_AGE`` idle seconds (30 minutes at a
  shared window, docs/office.md). ``SESSION_SAVE_EVERY_REQUEST`` did it by rewriting the session
  row on every page (BEGIN, UPDATE, COMMIT: three round trips, and on SQLite the database's
  write lock). Here the expiry is pushed forward at most once per ``REFRESH`` seconds, so the
  session ends between ``SESSION_COOKIE_AGE - REFRESH`` and ``SESSION_COOKIE_AGE`` idle seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from .models import User

REFRESH = 60  # seconds
_STAMP = "_juzhu_refreshed"  # when the expiry was last pushed forward (epoch seconds)


def refresh_seconds() -> int:
    """``REFRESH``, or a tenth of a shorter idle timeout (``JUZHU_SESSION_SECONDS``)."""
    return min(REFRESH, max(1, settings.SESSION_COOKIE_AGE // 10))


class UserWithUnit(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = User._default_manager.select_related("unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class IdleTimeout:
    """Middleware, inside ``SessionMiddleware``: mark a session in use modified (so it is saved
    with a new expiry) when its expiry was last pushed forward ``REFRESH`` or more seconds ago."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Any session in use: a staff login, a resident's (juzhu.portal.session), a sign-in half done.
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if now - int(session.get(_STAMP, 0)) >= refresh_seconds():
                session[_STAMP] = now  # modified: SessionMiddleware saves it with a fresh expiry
        return response
