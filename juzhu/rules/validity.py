"""The measure's period of validity (Art 30, R-25, R-25a, interpretation I-01).

The draft leaves Art 30's dates blank; the end is the dated parameter
``measure.valid_until`` (assumed 2026-12-31). After it, decisions keep applying the
last values in force and say ``measure_expired``; an administrator who enters the
successor's values (a later ``measure.valid_until`` from the successor's start date,
and any changed numbers) lifts it from that date, as data. Administrators are warned
``measure.expiry_warning_days`` days before the end.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .citations import measure
from .context import RulesContext
from .decision import Decision


def valid_until(ctx: RulesContext, day: datetime.date) -> datetime.date:
    """The end of validity in force on ``day`` (a successor's entry moves it from its date)."""
    until: datetime.date = ctx.param("measure.valid_until", day).value
    return until


def is_expired(ctx: RulesContext, day: datetime.date) -> bool:
    return day > valid_until(ctx, day)


def expired_reason(ctx: RulesContext, day: datetime.date) -> str:
    end = valid_until(ctx, day)
    return (
        f"本办法有效期已于 {end.isoformat()} 届满（第三十条；届满日为推定，见 I-01），"
        f"所涉日期 {day.isoformat()} 在有效期之后；在录入后续办法或国家规定的参数前，"
        "沿用届满时有效的参数作出判定（measure_expired）"
    )


def mark_expired(ctx: RulesContext, decision: Decision, day: datetime.date) -> None:
    """Say so on ``decision`` when ``day`` lies after the end of validity (once)."""
    if decision.measure_expired or not is_expired(ctx, day):
        return
    decision.measure_expired = True
    decision.reasons.append("注意：" + expired_reason(ctx, day))
    decision.cite(measure(30))
    decision.interpret("I-01 施行期间")


@dataclass(frozen=True)
class ExpiryWarning:
    """What an administrator is told as the end of validity approaches or has passed."""

    valid_until: datetime.date
    expired: bool
    days_left: int
    citation: str

    @property
    def message(self) -> str:
        if self.expired:
            return (
                f"本办法有效期已于 {self.valid_until:%Y年%m月%d日} 届满（{self.citation}）。"
                "各项判定沿用届满时有效的参数，并标注“有效期已届满”；"
                "请录入后续办法或国务院《居住证暂行条例》的参数及其施行日期。"
            )
        return (
            f"本办法有效期将于 {self.valid_until:%Y年%m月%d日} 届满（{self.citation}），"
            f"还有 {self.days_left} 日。请在届满前录入后续办法的参数及其施行日期，"
            "否则届满后的判定将标注“有效期已届满”。"
        )


def expiry_warning(ctx: RulesContext, today: datetime.date | None = None) -> ExpiryWarning | None:
    """A warning from ``measure.expiry_warning_days`` before the end on, until a successor's
    later ``measure.valid_until`` is entered from the day after the end; else None."""
    today = today or ctx.today
    end = valid_until(ctx, today)
    lead = ctx.param("measure.expiry_warning_days", today)
    if (end - today).days > lead.value:
        return None
    if not is_expired(ctx, end + datetime.timedelta(days=1)):
        return None  # the successor's validity is entered from the day after the end
    return ExpiryWarning(end, today > end, max((end - today).days, 0), measure(30))
