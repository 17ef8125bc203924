"""Residents' accounts, their one-time sign-in codes and their requests (issue 10).

A resident account is not a staff user (``org.User``): it has no password, no role and no
unit, and is held in the session under its own key (``juzhu.portal.session``), so a
resident can never reach the office or the API, and a staff session is never a resident's.

A ``ResidentRequest`` is anything a resident asks the station to do online: one ``Kind``
per matter (declaration Art 9, application Art 11, endorsement Art 13, address change Art 14,
reissue and replacement Art 15), its payload in ``data``, one action that submits it and one
that confirms it (calling the registry's own action as the clerk), all in the same station
queue.
"""

from __future__ import annotations

from django.db import models

from juzhu.registry.models.base import WithStatus

RESIDENT_ACTOR = "居民账户"  # how the audit log names a resident actor (never a staff username)
RETURN_REASON_LENGTH = 200  # a returned request's reason, which she reads: the column, forms, actions


class ResidentAccount(models.Model):
    """One mobile number; bound to the registry's ``Person`` once the resident proves who she is."""

    phone = models.CharField("手机号码", max_length=11, unique=True)
    person = models.OneToOneField(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resident_account",
        verbose_name="实名绑定的人员",
    )
    created_at = models.DateTimeField("开通时间")
    bound_at = models.DateTimeField("实名绑定时间", null=True, blank=True)
    last_sign_in_at = models.DateTimeField("最近登录时间", null=True, blank=True)
    demo = models.BooleanField(
        "演示账户", default=False, help_text="演示账户的验证码可由 juzhu otp resident-code 显示（仅演示）"
    )

    class Meta:
        verbose_name = "居民账户"

    # The audit log names an actor by ``username``; a resident is never a staff user, so the
    # entry carries no staff id (actor_id stays NULL) and reads "居民账户 N".
    @property
    def username(self) -> str:
        return f"{RESIDENT_ACTOR}{self.pk}"


class SignInCode(models.Model):
    """A one-time code sent by SMS: kept only as a keyed hash, single-use, few attempts, short-lived."""

    phone = models.CharField("手机号码", max_length=11, db_index=True)
    client_address = models.GenericIPAddressField("来访地址", null=True, blank=True)
    code_hash = models.CharField(max_length=100, help_text="盐$HMAC-SHA256，不保存验证码本身")
    created_at = models.DateTimeField("发送时间", db_index=True)
    expires_at = models.DateTimeField("失效时间")
    attempts = models.PositiveSmallIntegerField("已输错次数", default=0)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "短信验证码"
        indexes = [
            models.Index(fields=["phone", "created_at"]),
            models.Index(fields=["client_address", "created_at"]),
        ]


class BindingAttempt(models.Model):
    """One real-name binding attempt (counted against ``resident.binding_attempts_per_day``)."""

    account = models.ForeignKey(ResidentAccount, on_delete=models.CASCADE, related_name="binding_attempts")
    at = models.DateTimeField("时间")
    matched = models.BooleanField("匹配", default=False)

    class Meta:
        verbose_name = "实名绑定尝试"
        indexes = [models.Index(fields=["account", "at"])]


class ResidentRequest(WithStatus):
    """Something a resident asks the station for online; the station's clerk confirms or returns it
    (``move_to`` along ``TRANSITIONS``: once handled, it is never handled again).

    ``county``/``town`` place it in the jurisdiction of the stations serving that town
    (``juzhu.org.jurisdiction.scope_filter``), which is how it lands in their queue.
    """

    class Kind(models.TextChoices):
        DECLARATION = "declaration", "网上申报居住登记"
        APPLICATION = "application", "网上申领居住证"
        ENDORSEMENT = "endorsement", "网上签注"
        ADDRESS_CHANGE = "address_change", "居住地址变更"
        CARD_REISSUE = "card_reissue", "挂失补领居住证"
        CARD_REPLACEMENT = "card_replacement", "换领居住证"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待派出所确认"
        CONFIRMED = "confirmed", "已确认"
        RETURNED = "returned", "已退回"

    TRANSITIONS = {Status.SUBMITTED: {Status.CONFIRMED, Status.RETURNED}}

    account = models.ForeignKey(ResidentAccount, on_delete=models.PROTECT, related_name="requests")
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="人员"
    )
    kind = models.CharField("事项", max_length=24, choices=Kind.choices)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    county = models.ForeignKey("org.Division", on_delete=models.PROTECT, related_name="+", verbose_name="县（市、区）")
    town = models.ForeignKey("org.Division", on_delete=models.PROTECT, related_name="+", verbose_name="乡镇（街道）")
    data = models.JSONField("申报内容", default=dict)
    submitted_at = models.DateTimeField("提交时间")
    submitted_on = models.DateField("提交日期")
    due_date = models.DateField("申报期限", null=True, blank=True)
    late = models.BooleanField("逾期申报", default=False)
    handled_by = models.ForeignKey(
        "org.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    handled_at = models.DateTimeField("办理时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=RETURN_REASON_LENGTH, blank=True)
    registration = models.ForeignKey(
        "registry.Registration",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="办理的居住登记",
    )

    class Meta:
        verbose_name = "居民网上申请"
        indexes = [
            models.Index(fields=["county", "town", "status"]),
            models.Index(fields=["account", "submitted_at"]),
        ]
        constraints = [
            # One open declaration per account: a second tap on "submit" cannot queue two.
            models.UniqueConstraint(
                fields=["account", "kind"], condition=models.Q(status="submitted"), name="one_open_request_per_kind"
            ),
        ]

    @property
    def number(self) -> str:
        """The number the resident and the clerk quote (WS = 网上申报)."""
        return f"WS{self.submitted_on:%Y%m%d}{self.pk:06d}"


class RequestUpload(models.Model):
    """One file a resident uploaded for one material of her request (issue 10: application, Art 11).

    Stored under ``MEDIA_ROOT`` (``data/media``, never served by a URL of its own) with a random
    name; read only through the views that check who asks (the resident herself, or a clerk of
    the station in whose jurisdiction the request lies, logged). Pictures are kept re-encoded
    (no metadata), PDFs as sent after their checks (``juzhu.residents.uploads``).
    """

    request = models.ForeignKey(ResidentRequest, on_delete=models.PROTECT, related_name="uploads")
    material = models.CharField("材料", max_length=40)
    name = models.CharField("原文件名", max_length=100)
    content_type = models.CharField("文件类型", max_length=40)
    size = models.PositiveIntegerField("字节数")
    sha256 = models.CharField("SHA-256", max_length=64)
    file = models.FileField("文件", upload_to="requests/%Y/%m/")
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "居民上传的材料"
        indexes = [models.Index(fields=["request", "material"])]
