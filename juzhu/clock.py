"""The one clock: every "now" and "today" in juzhu comes from here.

Nothing else may call ``date.today()``, ``datetime.now()`` or ``timezone.now()`` for a
decision. An action reads ``now()`` once and derives everything from that one value, so an
intake just before midnight cannot straddle two dates.

"Today" is the date in Beijing time (``JUZHU_TIMEZONE``, default Asia/Shanghai) whatever the
server's own time zone: a deadline must not move by a day between the command line (often UTC)
and the web server.

Two ways to run "as of" another moment:
- ``frozen(moment)``: a context manager for code that replays history at its own dates (the
  demo city calls the real actions inside it); it holds for the current thread/task only.
- ``JUZHU_TODAY=2027-03-01``: the whole process runs on that day, in a demo or test
  deployment only (``JUZHU_DEMO=1``, set by ``./run`` and by the tests): a production server
  (``scripts/serve``) refuses to start with it, and refuses it if it appears later, since a
  date that is not today's would put false dates on real records.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import os
from collections.abc import Iterator
from zoneinfo import ZoneInfo

ENV = "JUZHU_TODAY"
DEMO_ENV = "JUZHU_DEMO"  # "1": a demo or test deployment, where ENV may set the day
ZONE = ZoneInfo(os.environ.get("JUZHU_TIMEZONE", "Asia/Shanghai"))

_frozen: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar("juzhu_clock_frozen", default=None)


def now() -> datetime.datetime:
    """The current moment, aware, in ``ZONE``."""
    moment = _frozen.get()
    if moment is not None:
        return moment
    real = datetime.datetime.now(ZONE)
    day = _env_day()
    if day is None:
        return real
    return datetime.datetime.combine(day, real.timetz())


def today() -> datetime.date:
    """The date of ``now()`` in ``ZONE``."""
    return now().date()


@contextlib.contextmanager
def frozen(moment: datetime.datetime | datetime.date) -> Iterator[datetime.datetime]:
    """Run the block as of ``moment`` (a date means its noon in ``ZONE``)."""
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time(12), ZONE)
    elif moment.tzinfo is None:
        raise ValueError("frozen() needs an aware datetime")
    token = _frozen.set(moment.astimezone(ZONE))
    try:
        yield moment
    finally:
        _frozen.reset(token)


def check_environment() -> None:
    """Refuse ``JUZHU_TODAY`` outside a demo or test deployment (called by the settings)."""
    _env_day()


def _env_day() -> datetime.date | None:
    value = os.environ.get(ENV, "").strip()
    if not value:
        return None
    if os.environ.get(DEMO_ENV, "").strip() != "1":
        raise SystemExit(
            f"{ENV}={value} 只能用于演示或测试环境（{DEMO_ENV}=1，./run 和测试会设置）："
            f"正式环境按真实日期办理业务，请删除 {ENV} 后重新启动"
        )
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise SystemExit(f"{ENV}={value!r} 不是 YYYY-MM-DD 格式的日期") from exc
