"""The one clock: ``JUZHU_TODAY=2027-03-01`` makes the whole system run "as of" that day.

Tests, demos and the daily job use it; nothing else may call ``date.today()``.
"""

from __future__ import annotations

import datetime
import os

ENV = "JUZHU_TODAY"


def today() -> datetime.date:
    value = os.environ.get(ENV, "").strip()
    if value:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise SystemExit(f"{ENV}={value!r} 不是 YYYY-MM-DD 格式的日期") from exc
    return datetime.date.today()
