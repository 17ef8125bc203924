"""Checking a scanned card, offline: signature, key, claims and the card's status (no Django).

The same code answers ``juzhu permit verify`` (keys and status list from a file or a URL),
the online page (keys from the database) and the benchmark. Every input, however broken,
ends in a ``Verdict`` with a Chinese message; nothing raises.

A status list is accepted only when it is signed by a published key, is the list the
credential names (its ``sub``), and was signed less than a day ago (``MAX_LIST_AGE``): an
older one may miss a card made void since, so it is refused with a message instead.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import jose, statuslist
from .claims import Credential, read_credential

MAX_LIST_AGE = 86_400  # seconds: "a status list older than a day is refused" (issue 10)
MAX_STATUS_TOKEN = 1 << 22  # 4 MiB of text: 1M cards make ~0.3 MB
# A compact JWS: three base64url parts. The page's address itself comes from the URL map (the
# credential's own URL is signed nowhere); offline, the token is the last segment of whatever URL
# the camera read, so the address may move without breaking old scans.
COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")

STATES = {
    "valid": "有效",
    "void": "已作废",
    "suspended": "使用功能中止",
    "forged": "伪造或被篡改",
    "unknown_key": "未知密钥",
    "unchecked": "签名有效，状态未核对",
    "legacy": "旧版二维码（无电子签名）",
}


class ListRefused(ValueError):
    """A status list that cannot be relied on; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Verdict:
    state: str
    message: str
    credential: Credential | None = None
    kid: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return STATES[self.state]

    @property
    def signed(self) -> bool:
        """The signature is ours: the claims can be shown."""
        return self.credential is not None


def token_of(text: str) -> str | None:
    """The JWS in a scanned text: the whole text, or the last segment of a ``/verify/c/`` URL;
    ``None`` for an old card's ``/verify/<number>?t=`` link."""
    text = (text or "").strip()
    parts = urlsplit(text)
    if not parts.scheme and not parts.netloc:
        return text
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if COMPACT_JWS.fullmatch(last):
        return last
    if "t=" in parts.query:
        return None
    return text


def read_status_list(text: str, keys: dict[str, Ed25519PublicKey], now: int) -> statuslist.ReadList:
    """A status list token, verified and fresh, or ``ListRefused``."""
    try:
        parsed = jose.parse(text.strip(), limit=MAX_STATUS_TOKEN)
        if parsed.header.get("typ") != statuslist.TYP:
            raise jose.Malformed("typ")
        jose.verify(parsed, keys)
        read = statuslist.read_claims(parsed.payload)
    except jose.UnknownKey as unknown:
        raise ListRefused(f"状态列表由未知密钥（{unknown.kid}）签名，不能采信") from None
    except (jose.Malformed, jose.BadSignature):
        raise ListRefused("状态列表不是有效的签名文件（格式错误、被篡改或不是本系统签发）") from None
    age = now - read.issued_at
    if age > MAX_LIST_AGE or now >= read.expires_at:
        signed = datetime.datetime.fromtimestamp(read.issued_at, datetime.UTC)
        raise ListRefused(
            f"状态列表签发于 {signed:%Y-%m-%d %H:%M} UTC，已超过一天（或已过期），不能据此判断是否作废或中止。"
            "请重新下载状态列表后再核验。"
        )
    if age < -300:  # signed in the future: a clock far off, or a list made for another time
        raise ListRefused("状态列表的签发时间晚于当前时间，请检查本机时钟")
    return read


@dataclass
class Verifier:
    """Published keys and the status lists at hand (by URL), checking one scanned text after another."""

    keys: dict[str, Ed25519PublicKey]
    lists: dict[str, statuslist.ReadList] = field(default_factory=dict)
    list_problem: str = ""  # why no list could be used, when one was refused

    def check(self, text: str) -> Verdict:
        """Signature, key, claims, then the card's status in the lists at hand."""
        verdict = self.check_signature(text)
        return self.with_status(verdict) if verdict.signed else verdict

    def check_signature(self, text: str) -> Verdict:
        """Signature, key and claims only (the online page reads the status from the registry)."""
        token = token_of(text)
        if token is None:
            return Verdict("legacy", "这是旧版居住证二维码，不含电子签名，只能联网打开该网址核验。")
        try:
            parsed = jose.parse(token)
            if "typ" in parsed.header:  # a status list (or anything else) shown as a card
                raise jose.Malformed("typ")
            jose.verify(parsed, self.keys)
            credential = read_credential(parsed.payload)
        except jose.UnknownKey as unknown:
            return Verdict(
                "unknown_key",
                f"签名密钥（{unknown.kid[:16]}）不在公布的公钥中：可能是伪造的，或公钥列表需要更新。",
                kid=unknown.kid[:16],
            )
        except (jose.Malformed, jose.BadSignature):
            return Verdict("forged", "电子签名不符或内容被改动：此二维码不是本系统签发的居住证，或已被篡改。")
        return Verdict("valid", "电子签名有效。", credential, parsed.kid)

    def with_status(self, verdict: Verdict) -> Verdict:
        credential = verdict.credential
        if credential is None:
            return verdict
        read = self.lists.get(credential.status_uri)
        if read is None:
            why = self.list_problem or "未提供该卡所在的状态列表。"
            verdict.state = "unchecked"
            verdict.message = f"电子签名有效，但无法确认是否已作废或中止：{why}"
            return verdict
        try:
            status = read.status(credential.status_index)
        except IndexError:
            verdict.state, verdict.message = "forged", "状态列表中没有该卡的位置：卡片与状态列表不符。"
            return verdict
        verdict.details["status_list_signed"] = read.issued_at
        if status == statuslist.Status.VALID:
            verdict.message = "电子签名有效，状态列表显示本卡有效。"
        elif status == statuslist.Status.VOID:
            verdict.state = "void"
            verdict.message = "本卡已作废（已换领、补领或注销），请勿作为有效证件使用（第十五条）。"
        elif status == statuslist.Status.SUSPENDED:
            verdict.state = "suspended"
            verdict.message = "居住证使用功能中止：逾期未签注（第十三条第三款），补办签注后恢复。"
        else:
            verdict.state, verdict.message = "forged", "状态列表中该卡的状态值无法识别。"
        return verdict
