"""A write request and the answer it got, kept so that the same request again gets the same answer.

The API's ``Idempotency-Key`` header and the office forms' one-time ``form_token`` both
name a request; the record is keyed by (user, key), holds a fingerprint of what was asked
and the response, and is kept for ``settings.JUZHU_IDEMPOTENCY_HOURS`` (issue 8, finding 3).
See ``juzhu.idempotency``.
"""

from django.db import models


class IdempotencyRecord(models.Model):
    user = models.ForeignKey("org.User", on_delete=models.CASCADE, related_name="+")
    key = models.CharField("幂等键", max_length=255)
    fingerprint = models.CharField("请求指纹", max_length=64, help_text="方法、路径和请求内容的 SHA-256")
    created_at = models.DateTimeField("时间", db_index=True)
    status_code = models.PositiveSmallIntegerField("响应状态")
    content_type = models.CharField("响应类型", max_length=100, blank=True)
    location = models.CharField("跳转地址", max_length=2000, blank=True)
    body = models.BinaryField("响应内容", blank=True)

    class Meta:
        verbose_name = "幂等请求记录"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_record_per_user_key")]
