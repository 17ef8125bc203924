"""Deadlines missed by staff (Art 27, R-24) and document number sequences."""

from __future__ import annotations

from django.db import models


class DeadlineFlag(models.Model):
    """A legal deadline that passed without the action it required; one row per miss."""

    class Kind(models.TextChoices):
        ISSUANCE_OVERDUE = "issuance_overdue", "居住证逾期未发放"
        DECISION_OVERDUE = "decision_overdue", "申领逾期未审批"

    kind = models.CharField("类别", max_length=32, choices=Kind.choices)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey("org.Division", on_delete=models.PROTECT, related_name="+")
    object_type = models.CharField(max_length=64)
    object_id = models.BigIntegerField()
    due_date = models.DateField("期限")
    flagged_on = models.DateField("发现日期")
    resolved_on = models.DateField("处理日期", null=True, blank=True)
    # Raised on a deadline that the official calendar, once entered, moved past the day
    # of the flag (R-09a): kept in history, no longer counted as a miss.
    withdrawn_on = models.DateField("撤销日期", null=True, blank=True)
    withdrawal_reason = models.CharField("撤销原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "超期事项"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="one_flag_per_miss",
            )
        ]


class Sequence(models.Model):
    """Gap-free numbers per (kind, scope, year), taken under a row lock."""

    kind = models.CharField(max_length=32)
    scope = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "scope", "year"], name="one_sequence")]
