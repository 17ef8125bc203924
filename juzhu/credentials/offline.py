"""Where ``juzhu permit verify`` gets the keys and the status list: a file or an https URL.

Nothing here needs the database: a verifier's laptop with a copy of juzhu, the JWK Set
and the day's status list checks cards with no connection to the server.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import jose
from .verifier import COMPACT_JWS, MAX_STATUS_TOKEN

TIMEOUT = 10


class SourceError(Exception):
    """A file or URL that could not be read; the message says which, in Chinese."""


def read_source(source: str, what: str, limit: int = MAX_STATUS_TOKEN) -> str:
    """The text of ``source``: an http(s) URL is downloaded, anything else read as a file."""
    if source.startswith(("https://", "http://")):
        try:
            with urllib.request.urlopen(source, timeout=TIMEOUT) as response:  # noqa: S310  http(s) only
                data = response.read(limit + 1)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise SourceError(f"无法下载{what}（{source}）：{exc}") from None
    else:
        try:
            with Path(source).open("rb") as file:
                data = file.read(limit + 1)
        except OSError as exc:
            raise SourceError(f"无法读取{what}文件（{source}）：{exc.strerror}") from None
    if len(data) > limit:
        raise SourceError(f"{what}过大（超过 {limit} 字节）：{source}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"{what}不是文本文件：{source}") from None


def load_keys(source: str) -> dict[str, Ed25519PublicKey]:
    try:
        found = jose.key_set(json.loads(read_source(source, "公钥列表（JWKS）", 1 << 20)))
    except (json.JSONDecodeError, jose.Malformed):
        raise SourceError(f"公钥列表（JWKS）格式错误：{source}") from None
    if not found:
        raise SourceError(f"公钥列表（JWKS）中没有 Ed25519 公钥：{source}")
    return found


def default_jwks(scanned: str) -> str | None:
    """``https://host/.well-known/jwks.json`` of the site a scanned verification URL names."""
    parts = urlsplit(scanned.strip())
    if parts.scheme == "https" and parts.hostname and COMPACT_JWS.fullmatch(parts.path.rstrip("/").rsplit("/", 1)[-1]):
        return f"https://{parts.netloc}/.well-known/jwks.json"
    return None
