"""Permit applications (居住证申领): Art 10-12, R-06…R-09."""

from __future__ import annotations

import datetime

from django.db import models

from .base import Scoped, WithStatus


class PermitApplication(Scoped, WithStatus):
    class Condition(models.TextChoices):
        EMPLOYMENT = "employment", "合法稳定就业"
        RESIDENCE = "residence", "合法稳定住所"
        STUDY = "study", "连续就读"

    class Status(models.TextChoices):
        INCOMPLETE = "incomplete", "材料不齐（已一次性告知）"
        ACCEPTED = "accepted", "已受理"
        ISSUED = "issued", "已批准并签发"
        REFUSED = "refused", "不予批准"
        WITHDRAWN = "withdrawn", "已撤回"

    TRANSITIONS = {
        Status.INCOMPLETE: {Status.INCOMPLETE, Status.ACCEPTED, Status.WITHDRAWN},
        Status.ACCEPTED: {Status.ISSUED, Status.REFUSED, Status.WITHDRAWN},
    }

    registration = models.ForeignKey("registry.Registration", on_delete=models.PROTECT, related_name="applications")
    condition = models.CharField("申领条件", max_length=16, choices=Condition.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="受理单位")
    received_on = models.DateField("收到材料日期")
    receipt_number = models.CharField("回执编号", max_length=32, unique=True, null=True, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    due_date = models.DateField("发放期限", null=True, blank=True)
    extended_until = models.DateField("延长后的发放期限", null=True, blank=True)
    extension_reason = models.CharField("延长理由", max_length=200, blank=True)
    extension_limit = models.DateField("延长期限上限", null=True, blank=True)
    provisional = models.BooleanField("期限按推算日历", default=False)
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decided_by = models.ForeignKey("org.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    refusal = models.JSONField("不予批准的理由和依据", default=dict, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)

    class Meta:
        verbose_name = "居住证申领"
        constraints = [
            # One application in progress per registration, even under a double submit (issue 8).
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(status__in=["incomplete", "accepted"]),
                name="one_open_application_per_registration",
            ),
        ]
        indexes = [models.Index(fields=["county", "town", "status"]), models.Index(fields=["status", "due_date"])]

    @property
    def effective_due_date(self) -> datetime.date | None:
        return self.extended_until or self.due_date


class ApplicationMaterial(models.Model):
    """One document received; who issued it answers for it (Art 11 para 2, R-07)."""

    application = models.ForeignKey(PermitApplication, on_delete=models.CASCADE, related_name="materials")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    code = models.CharField("材料", max_length=32)
    issuer = models.CharField("出具人", max_length=128, blank=True)
    received_on = models.DateField("收到日期")

    class Meta:
        verbose_name = "申领材料"
        constraints = [models.UniqueConstraint(fields=["application", "code"], name="one_material_per_code")]


class Notice(models.Model):
    """The one-time notice (一次性告知书) of Art 12: frozen once given."""

    application = models.ForeignKey(PermitApplication, on_delete=models.PROTECT, related_name="notices")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("告知书编号", max_length=32, unique=True)
    given_on = models.DateField("告知日期")
    condition = models.CharField("申领条件", max_length=16)
    missing = models.JSONField("需要补充的材料")
    given_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "一次性告知书"
