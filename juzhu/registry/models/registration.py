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
        MOVED = "moved", "已迁出"

    # A person registered anew elsewhere moved: the old registration ends as "moved",
    # pointing at the new one, never as a plain cancellation.
    TRANSITIONS = {Status.ACTIVE: {Status.CANCELLED, Status.MOVED}}

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
    # The chain of moves (R-27; R-06a counts the half year along it): old.moved_to = new.
    moved_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="moved_from", verbose_name="迁往的新登记"
    )
    move_acknowledged_on = models.DateField("原登记单位知悉迁出日期", null=True, blank=True)
    move_acknowledged_by = models.ForeignKey(
        "org.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="知悉迁出的经办人"
    )

    class Meta:
        verbose_name = "居住登记"
        constraints = [
            # A person lives in one place: never two active registrations, even under a double
            # submit (issue 8, finding 3); a new registration supersedes the old one first.
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(status="active"), name="one_active_registration_per_person"
            ),
        ]
        indexes = [
            models.Index(fields=["county", "town", "status"]),
            models.Index(fields=["person", "status"]),
            # The workbench's "declared late in the last 30 days" (a few rows among millions).
            models.Index(
                fields=["county", "town", "declared_date"], condition=models.Q(late=True), name="registration_late_idx"
            ),
            # The old station's "迁出" queue: the few moves it has not yet acknowledged.
            models.Index(
                fields=["county", "town", "cancelled_on"],
                condition=models.Q(status="moved", move_acknowledged_on__isnull=True),
                name="registration_moved_out_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.number
