"""What goes into the server log, and what must not.

A refused request (403) is expected, not a fault: Django logs a ``PermissionDenied``
with its whole traceback, so a probe of a few thousand refused requests filled the log.
``OneLineRefusal`` turns each into one line: method, path, user id, reason.
"""

from __future__ import annotations

import logging


def _escaped(value: str) -> str:
    """A client-chosen path must not forge a second log line."""
    return value.encode("unicode_escape").decode("ascii")


class OneLineRefusal(logging.Filter):
    """Rewrites a 403 record of ``django.request`` / ``django.security.csrf`` to one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        request = getattr(record, "request", None)
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None:
            reason = str(exc) or type(exc).__name__
        elif "CSRF" in str(record.msg) or "csrf" in record.name:
            reason = f"CSRF: {record.args[0]}" if record.args else "CSRF"
        else:
            reason = record.getMessage()
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else "-"
        record.msg = "拒绝访问 403 %s %s user=%s reason=%s"
        record.args = (
            getattr(request, "method", "-"),
            _escaped(getattr(request, "path", "-")),
            user_id,
            _escaped(reason),
        )
        record.exc_info = None
        record.exc_text = None
        return True
