"""Residence registration (居住登记): Art 9, R-03…R-05."""

from __future__ import annotations

from django.db import models

from .base import Scoped, WithStatus


class Registration(Scoped, WithStatus):
    class Reason(models.TextChoices):
        WORK = "work", "务工"
        BUSINESS = "business", "经商"
        STUDY = "study", "就学"
        FAMILY = "family", "随迁"
        RELATIVES = "relatives", "投亲靠友"
        OTHER = "other", "其他"

    class Housing(models.TextChoices):
        OWNED = "owned", "自有住房"
        RENTED = "rented", "租赁住房"
        DORMITORY = "dormitory", "单位内部"
        RELATIVES = "relatives", "借住亲友家"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        ACTIVE = "active", "有效"
        CANCELLED = "cancelled", "已注销"

    TRANSITIONS = {Status.ACTIVE: {Status.CANCELLED}}

    number = models.CharField("登记编号", max_length=32, unique=True)
    address = models.CharField("居住地址", max_length=200)
    arrival_date = models.DateField("到达居住地日期")
    declared_date = models.DateField("申报日期")
    reason = models.CharField("居住事由", max_length=16, choices=Reason.choices)
    housing = models.CharField("住所类型", max_length=16, choices=Housing.choices)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="登记单位")
    registered_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField("申报期限", null=True, blank=True, help_text="免于登记的情形为空")
    late = models.BooleanField("逾期申报", default=False)
    provisional = models.BooleanField("期限按推算日历", default=False)
    exemption = models.CharField("免于登记情形", max_length=32, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    cancelled_on = models.DateField("注销日期", null=True, blank=True)
    cancel_reason = models.CharField("注销原因", max_length=200, blank=True)
    decision = models.JSONField("判定依据", default=dict, help_text="floating_status 与 registration_duty 的判定")

    class Meta:
        verbose_name = "居住登记"
        constraints = [
            # A person lives in one place: never two active registrations, even under a double
            # submit (issue 8, finding 3); a new registration supersedes the old one first.
            models.UniqueConstraint(fields=["person"], condition=models.Q(status="active"),
                                    name="one_active_registration_per_person"),
        ]
        indexes = [
            models.Index(fields=["county", "town", "status"]),
            models.Index(fields=["person", "status"]),
            # The workbench's "declared late in the last 30 days" (a few rows among millions).
            models.Index(fields=["county", "town", "declared_date"], condition=models.Q(late=True),
                         name="registration_late_idx"),
        ]

    def __str__(self) -> str:
        return self.number
