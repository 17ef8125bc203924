"""Signing keys, status lists and each card's credential (issue 10, R-13a)."""

from __future__ import annotations

from django.db import models


class SigningKey(models.Model):
    """An Ed25519 key pair. The private half is stored encrypted (``keys.py``) and erased when
    the key is retired; the public half stays published while a card signed by it is in use."""

    kid = models.CharField("密钥标识", max_length=16, unique=True)
    public_jwk = models.JSONField("公钥（JWK）")
    private_sealed = models.TextField("私钥（加密）", blank=True)
    current = models.BooleanField("当前签名密钥", default=True)
    created_at = models.DateTimeField("启用时间")
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)

    class Meta:
        verbose_name = "签名密钥"
        constraints = [
            # One key signs at a time: a second "first key" made at the same moment fails here.
            models.UniqueConstraint(fields=["current"], condition=models.Q(current=True), name="one_current_key"),
        ]


class StatusList(models.Model):
    """One status list, served at ``/status/<number>.jwt``; its signed token is kept until stale."""

    number = models.PositiveIntegerField("列表编号", primary_key=True)
    size = models.PositiveIntegerField("条目数")
    token = models.TextField("已签名的列表", blank=True)
    signed_at = models.DateTimeField("签名时间", null=True, blank=True)

    class Meta:
        verbose_name = "状态列表"


class CardCredential(models.Model):
    """A card's place in a status list (given when the card is made) and, once the card is
    printed, the credential in its QR code (kept, so a reprint shows the same code)."""

    card = models.OneToOneField("registry.PermitCard", on_delete=models.PROTECT, related_name="credential")
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="entries")
    index = models.PositiveIntegerField("列表位置")
    status = models.PositiveSmallIntegerField("状态", default=0)  # statuslist.Status
    # Set with every change of status, cleared by the next signing of the list: a list with a
    # pending entry is re-signed before it is served (status.py explains why not a timestamp).
    pending = models.BooleanField(default=False)
    kid = models.CharField("签名密钥", max_length=16, blank=True)
    token = models.TextField("凭证（JWS）", blank=True)
    signed_at = models.DateTimeField("签名时间", null=True, blank=True)

    class Meta:
        verbose_name = "电子居住证凭证"
        constraints = [
            models.UniqueConstraint(fields=["status_list", "index"], name="one_card_per_status_entry"),
        ]
        indexes = [
            models.Index(fields=["status_list", "status"], condition=~models.Q(status=0), name="credential_not_valid"),
            models.Index(fields=["status_list"], condition=models.Q(pending=True), name="credential_pending"),
            models.Index(fields=["kid"], name="credential_kid"),
        ]
