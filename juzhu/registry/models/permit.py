"""Permits, cards, endorsements and address changes: Art 12-15, R-10…R-13."""

from __future__ import annotations

from django.db import models

from .base import Scoped, WithStatus


class Permit(Scoped, WithStatus):
    class Status(models.TextChoices):
        VALID = "valid", "有效"
        SUSPENDED = "suspended", "使用功能中止"
        VOID = "void", "作废"

    TRANSITIONS = {
        Status.VALID: {Status.SUSPENDED, Status.VOID},
        Status.SUSPENDED: {Status.VALID, Status.VOID},
    }

    number = models.CharField("居住证号码", max_length=32, unique=True)
    application = models.OneToOneField("registry.PermitApplication", on_delete=models.PROTECT, related_name="permit")
    registration = models.ForeignKey("registry.Registration", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.VALID)
    # Holder data as printed, frozen at issue; changed only by an address change.
    holder_name = models.CharField("姓名", max_length=64)
    holder_sex = models.CharField("性别", max_length=8)
    holder_ethnicity = models.CharField("民族", max_length=16)
    holder_birth_date = models.DateField("出生日期")
    holder_id_number = models.CharField("公民身份号码", max_length=18)
    holder_photo = models.CharField("相片", max_length=200, blank=True)
    hukou_address = models.CharField("户籍地址", max_length=200)
    residence_address = models.CharField("居住地址", max_length=200)
    issuing_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="签发机关")
    issue_date = models.DateField("签发日期")
    registration_date = models.DateField("居住登记日期")
    # Derived from the endorsement history by the rules; kept for the daily job's queries.
    next_anniversary = models.DateField("下次满1年之日", db_index=True)
    continuous_since = models.DateField("连续居住起算日")
    suspended_since = models.DateField("中止日期", null=True, blank=True)
    # I-16: the day the holder asked online for this year's endorsement, until the station
    # confirms or returns it (juzhu.residents); asked inside the window, the permit is not
    # suspended while it waits.
    endorsement_requested_on = models.DateField("网上签注申请日期", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "居住证"
        indexes = [
            # next_anniversary last: a station's or county's endorsement window is one range.
            models.Index(fields=["county", "town", "status", "next_anniversary"]),
            models.Index(fields=["status", "next_anniversary"]),
        ]


class PermitCard(WithStatus):
    """One physical card of a permit: the original, a replacement (换领) or a reissue (补领)."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", "首次签发"
        REPLACEMENT = "replacement", "换领"
        REISSUE = "reissue", "补领"

    class Status(models.TextChoices):
        PRODUCED = "produced", "待领取"
        HANDED_OUT = "handed_out", "已领取"
        VOID = "void", "已作废"

    TRANSITIONS = {
        Status.PRODUCED: {Status.HANDED_OUT, Status.VOID},
        Status.HANDED_OUT: {Status.VOID},
    }

    permit = models.ForeignKey(Permit, on_delete=models.PROTECT, related_name="cards")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField("卡片版本")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PRODUCED)
    produced_on = models.DateField("制证日期")
    handed_out_on = models.DateField("领取日期", null=True, blank=True)
    old_card_returned = models.BooleanField("原证已交回", default=False)
    voided_on = models.DateField("作废日期", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)
    fee = models.DecimalField(
        "收费", max_digits=6, decimal_places=2, default=0, help_text="依第十六条不收取任何费用，恒为 0"
    )

    class Meta:
        verbose_name = "居住证卡片"
        constraints = [
            models.UniqueConstraint(fields=["permit", "version"], name="one_card_per_version"),
            # One card in use per permit: a replacement or reissue voids the old card first (Art 15,
            # R-13a), and a double submit cannot make two (issue 8, finding 3).
            models.UniqueConstraint(
                fields=["permit"], condition=~models.Q(status="void"), name="one_valid_card_per_permit"
            ),
            models.CheckConstraint(condition=models.Q(fee=0), name="card_is_free_art16"),
        ]
        # The workbench's "cards to hand out": the few produced cards, oldest first.
        indexes = [
            models.Index(fields=["produced_on"], condition=models.Q(status="produced"), name="card_to_hand_out_idx")
        ]


class Endorsement(models.Model):
    permit = models.ForeignKey(Permit, on_delete=models.PROTECT, related_name="endorsements")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    date = models.DateField("签注日期")
    anniversary = models.DateField("对应的满1年之日")
    late = models.BooleanField("补办签注", default=False)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    endorsed_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "签注"
        constraints = [
            # Two clerks endorsing the same permit for the same anniversary: one wins.
            models.UniqueConstraint(fields=["permit", "anniversary"], name="one_endorsement_per_anniversary"),
        ]


class AddressChange(models.Model):
    permit = models.ForeignKey(Permit, on_delete=models.PROTECT, related_name="address_changes")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    date = models.DateField("变更日期")
    old_address = models.CharField("原居住地址", max_length=200)
    new_address = models.CharField("新居住地址", max_length=200)
    old_town = models.ForeignKey("org.Division", null=True, on_delete=models.PROTECT, related_name="+")
    new_town = models.ForeignKey("org.Division", null=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    changed_by = models.ForeignKey("org.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "居住地址变更"
