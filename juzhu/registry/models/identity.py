"""The history of a person's identity data (R-27, Art 9 and 25).

Identity data is never silently overwritten: every change of a field of ``Person``
keeps the old and the new value, who changed it, where, when and why. The values are
personal data: screens show them masked (``juzhu.masks.mask_identity_value``).
"""

from __future__ import annotations

from django.db import models

from .base import Scoped


class IdentityChange(Scoped):
    """One field of one person changed by one action; county/town: where it was changed."""

    registration = models.ForeignKey(
        "registry.Registration",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="identity_changes",
        verbose_name="所在的居住登记",
    )
    field = models.CharField("字段", max_length=32)
    old_value = models.CharField("原值", max_length=200, blank=True)
    new_value = models.CharField("新值", max_length=200, blank=True)
    reason = models.CharField("更改原因", max_length=200)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="经办单位")
    changed_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+", verbose_name="经办人")

    class Meta:
        verbose_name = "身份信息变更"
        indexes = [models.Index(fields=["person", "created_at"])]
