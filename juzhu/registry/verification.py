"""The QR code printed on a permit card: an absolute https link with a token of that card.

Permit numbers are sequential; without a token anyone could enumerate them. The token
is an HMAC of the number *and the card's version* under the server's secret key, so
each physical card has its own (R-13a): after a replacement (换领) or a reissue (补领)
the old card's code still opens the check page, which then says 已作废 with the date
the new card was made, while the new card says 有效.

The link must open on a phone that scans the card, so it is absolute and https: the
card is never printed while ``JUZHU_PUBLIC_URL`` is not an https address (R-13a, Art 15).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "juzhu.permit.verify"
SETTING = "JUZHU_PUBLIC_URL"


class PublicUrlMissing(Exception):
    """The card's QR code would not open on a phone: no absolute https public address is set."""

    def __init__(self, value: str):
        self.value = value
        found = f"当前值为“{value}”，不是 https 地址" if value else "当前未设置"
        super().__init__(
            f"无法打印居住证：卡面二维码必须是以 https:// 开头的完整核验网址，手机扫码才能打开。"
            f"系统设置 {SETTING}（对外核验网址）{found}。请系统管理员设置 {SETTING}=https://（对外核验域名）"
            f"并重启系统后再打印。"
        )

    @property
    def message(self) -> str:
        return str(self)


def public_base_url() -> str:
    """``JUZHU_PUBLIC_URL`` without its trailing slash, or ``PublicUrlMissing`` when it is
    not an absolute https address (a relative or http link is never printed)."""
    value = (getattr(settings, SETTING, "") or "").strip()
    parts = urlsplit(value)
    if parts.scheme.lower() != "https" or not parts.hostname or parts.query or parts.fragment:
        raise PublicUrlMissing(value)
    return value.rstrip("/")


def card_token(number: str, version: int) -> str:
    """The token of one card of a permit (its number and the card's version)."""
    return salted_hmac(SALT, f"{number}:{version}", algorithm="sha256").hexdigest()[:16]


def card_matching(cards, number: str, token: str):
    """The card among ``cards`` (of the permit ``number``) whose token is ``token``, or None."""
    found = None
    for card in cards:  # a permit has a handful of cards; compare all in constant time
        if constant_time_compare(card_token(number, card.version), token or ""):
            found = card
    return found


def verify_url(card) -> str:
    """Where the card's QR code points: ``https://…/verify/<number>?t=<token of this card>``."""
    number = card.permit.number
    path = reverse("verify", args=[number])
    return f"{public_base_url()}{path}?t={card_token(number, card.version)}"
