"""Working-day calendar years entered by the city administrator (R-03, R-09).

Each row is one year's official arrangement; it replaces the shipped year of the
same number (or makes a provisional year official) for every decision.
"""

from __future__ import annotations

from django.db import models


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年度", primary_key=True)
    source = models.CharField("依据（通知名称和文号）", max_length=200)
    holidays = models.JSONField("节假日", default=dict, help_text='{"2027-01-01": "元旦", ...}')
    workdays = models.JSONField("调休工作日", default=dict, help_text='{"2027-02-20": "春节调休", ...}')
    entered_by = models.ForeignKey("org.User", null=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "工作日历年度"


class ParameterValue(models.Model):
    """A policy parameter's value entered as data, in force from its own date (R-25, R-25a).

    The successor measure's values (or the State Council 《居住证暂行条例》's) join the
    shipped values of ``juzhu/rules/parameters/*.yaml`` from ``valid_from`` on, without
    a release; a later ``measure.valid_until`` lifts ``measure_expired`` from its date.
    """

    name = models.CharField("参数", max_length=64)
    valid_from = models.DateField("施行日期")
    value = models.JSONField("参数值")
    reference = models.CharField("依据（文件名称、文号和条款）", max_length=200)
    entered_by = models.ForeignKey("org.User", null=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政策参数录入值"
        constraints = [models.UniqueConstraint(fields=["name", "valid_from"], name="one_value_per_parameter_date")]


class RulesVersion(models.Model):
    """One row whose stamp changes with every entered calendar year or parameter value,
    so that each process rebuilds its cached rules context only when the data changed."""

    stamp = models.CharField(max_length=32)
