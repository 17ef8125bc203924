"""The outbox: notifications are queued in the same transaction as the action that
causes them and delivered afterwards by a pluggable sender (``senders.py``)."""

from django.db import models

from juzhu import clock


class Notification(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="发给单位（工作人员）的提醒",
    )
    channel = models.CharField(max_length=16, default="sms")
    recipient = models.CharField("接收号码", max_length=20, blank=True)
    kind = models.CharField("类别", max_length=32)
    text = models.TextField("内容")
    dedupe_key = models.CharField(max_length=128, unique=True, help_text="同一事由只通知一次（每日任务可重跑）")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    # The moment of the action that queued it (juzhu.clock: an action's one reading, a replayed
    # day's moment), not the database's wall clock: the inbox shows when the matter happened.
    queued_at = models.DateTimeField("生成时间", default=clock.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    read_at = models.DateTimeField(
        "居民已读时间", null=True, blank=True, help_text="居民在网上服务的消息中读过这条通知"
    )

    class Meta:
        verbose_name = "通知"
        indexes = [models.Index(fields=["status", "queued_at"])]
