"""The one clock: ``JUZHU_TODAY=2027-03-01`` makes the whole system run "as of" that day.

Tests, demos and the daily job use it; nothing else may call ``date.today()``.
"Today" is the date in Beijing time (``JUZHU_TIMEZONE``, default Asia/Shanghai)
whatever the server's own time zone: a deadline must not move by a day between the
command line (often UTC) and the web server.
"""

from __future__ import annotations

import datetime
import os
from zoneinfo import ZoneInfo

ENV = "JUZHU_TODAY"
ZONE = ZoneInfo(os.environ.get("JUZHU_TIMEZONE", "Asia/Shanghai"))


def today() -> datetime.date:
    value = os.environ.get(ENV, "").strip()
    if value:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise SystemExit(f"{ENV}={value!r} 不是 YYYY-MM-DD 格式的日期") from exc
    return datetime.datetime.now(ZONE).date()
