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
