"""The token printed in a permit's QR code, so that only someone holding the card can check it.

Permit numbers are sequential; without a token anyone could enumerate them. The
token is an HMAC of the number under the server's secret key.
"""

from __future__ import annotations

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "juzhu.permit.verify"


def check_token(number: str) -> str:
    return salted_hmac(SALT, number, algorithm="sha256").hexdigest()[:16]


def token_matches(number: str, token: str) -> bool:
    return constant_time_compare(check_token(number), token or "")
