"""The compact JWS, the status list bits and the offline verifier, without a database."""

from __future__ import annotations

import datetime
import zlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from juzhu.credentials import jose, statuslist
from juzhu.credentials.claims import Credential
from juzhu.credentials.verifier import MAX_LIST_AGE, ListRefused, Verifier, read_status_list

URI = "https://juzhu.ankang.example/status/1.jwt"
NOW = 1_795_000_000


def keypair():
    private = Ed25519PrivateKey.generate()
    jwk = jose.public_jwk(private.public_key())
    return jose.thumbprint_kid(jwk), private


def credential(index: int = 5) -> Credential:
    return Credential(
        permit_number="61090220250000001",
        card_version=2,
        masked_name="张*",
        issue_date=datetime.date(2025, 12, 2),
        issuing_organ="安康市公安局汉滨分局",
        valid_until=datetime.date(2026, 12, 2),
        status_index=index,
        status_uri=URI,
    )


def status_token(kid, private, statuses, size=64, issued=NOW, uri=URI) -> str:
    lst = statuslist.encode(statuslist.pack(size, statuses))
    return jose.sign({"kid": kid, "typ": statuslist.TYP}, statuslist.claims(uri, lst, issued, 86_400, 300), private)


@pytest.fixture(scope="module")
def signed():
    kid, private = keypair()
    token = jose.sign({"kid": kid}, credential().claims(), private)
    return kid, private, token


def verifier_with(kid, private, statuses=(), **list_args) -> Verifier:
    keys = {kid: private.public_key()}
    read = read_status_list(status_token(kid, private, statuses, **list_args), keys, NOW)
    return Verifier(keys, {URI: read})


def test_a_signed_credential_verifies_and_reads_back(signed):
    kid, private, token = signed
    verdict = verifier_with(kid, private).check(f"https://juzhu.ankang.example/verify/c/{token}")
    assert verdict.state == "valid" and verdict.kid == kid
    assert verdict.credential == credential()
    assert len(token) < 560  # the QR code's budget with the URL around it


def test_every_single_character_changed_is_refused(signed):
    kid, private, token = signed
    verifier = verifier_with(kid, private)
    alphabet = "AQgw_-0a"
    for position in range(len(token)):
        if token[position] == ".":
            continue
        for replacement in alphabet:
            if replacement == token[position]:
                continue
            altered = token[:position] + replacement + token[position + 1 :]
            assert verifier.check(altered).state in ("forged", "unknown_key"), (position, replacement)


def test_a_key_not_published_is_an_unknown_key_and_a_look_alike_is_forged(signed):
    kid, private, token = signed
    other_kid, other = keypair()
    unknown = Verifier({other_kid: other.public_key()}).check(token)
    assert unknown.state == "unknown_key" and unknown.label == "未知密钥" and kid in unknown.message
    # A forger who copies our kid but signs with their own key
    forged = jose.sign({"kid": kid}, credential().claims(), other)
    assert verifier_with(kid, private).check(forged).state == "forged"


def test_another_algorithm_or_a_status_list_shown_as_a_card_is_refused(signed):
    kid, private, token = signed
    header = jose.b64url(b'{"alg":"none","kid":"%s"}' % kid.encode())
    assert verifier_with(kid, private).check(header + token[token.index(".") :]).state == "forged"
    as_card = status_token(kid, private, [])
    assert verifier_with(kid, private).check(as_card).state == "forged"


@pytest.mark.parametrize("code, state, label", [(1, "void", "已作废"), (2, "suspended", "使用功能中止")])
def test_the_status_list_says_void_or_suspended(signed, code, state, label):
    kid, private, token = signed
    verdict = verifier_with(kid, private, [(5, code), (4, 1), (6, 2)]).check(token)
    assert verdict.state == state and verdict.label == label


def test_neighbours_do_not_change_a_valid_card(signed):
    kid, private, token = signed
    assert verifier_with(kid, private, [(4, 3), (6, 3), (7, 1)]).check(token).state == "valid"


def test_a_list_older_than_a_day_is_refused_with_a_message(signed):
    kid, private, _ = signed
    old = status_token(kid, private, [], issued=NOW - MAX_LIST_AGE - 1)
    with pytest.raises(ListRefused, match="已超过一天"):
        read_status_list(old, {kid: private.public_key()}, NOW)
    fresh = status_token(kid, private, [], issued=NOW - MAX_LIST_AGE + 60)
    assert read_status_list(fresh, {kid: private.public_key()}, NOW).issued_at == NOW - MAX_LIST_AGE + 60


def test_a_list_signed_by_another_key_or_altered_is_refused(signed):
    kid, private, _ = signed
    other_kid, other = keypair()
    with pytest.raises(ListRefused, match="未知密钥"):
        read_status_list(status_token(other_kid, other, []), {kid: private.public_key()}, NOW)
    token = status_token(kid, private, [(5, 1)])
    head, body, signature = token.split(".")
    payload = jose._object(body)
    payload["status_list"]["lst"] = statuslist.encode(statuslist.pack(64, []))
    altered = f"{head}.{jose.b64url(jose._json(payload))}.{signature}"
    with pytest.raises(ListRefused, match="被篡改"):
        read_status_list(altered, {kid: private.public_key()}, NOW)


def test_without_a_list_the_signature_alone_is_not_called_valid(signed):
    kid, private, token = signed
    verdict = Verifier({kid: private.public_key()}).check(token)
    assert verdict.state == "unchecked" and "无法确认" in verdict.message and verdict.credential is not None


def test_an_old_cards_link_is_recognised():
    verdict = Verifier({}).check("https://juzhu.ankang.example/verify/61090220250000001?t=0123456789abcdef")
    assert verdict.state == "legacy" and "旧版" in verdict.message


@given(st.lists(st.tuples(st.integers(0, 999), st.integers(0, 3)), max_size=200))
def test_status_bits_round_trip(pairs):
    expected = dict(pairs)  # the last status given for an index wins, as in pack
    packed = statuslist.decode(statuslist.encode(statuslist.pack(1000, pairs)))
    assert len(packed) == 250
    for index in range(1000):
        assert statuslist.status_at(packed, index) == expected.get(index, 0)


def test_bits_are_packed_least_significant_first_as_the_draft_says():
    """The draft's example: statuses 1,2,0,3 of indices 0..3 in one byte: 0b11001001 = 0xC9."""
    assert statuslist.pack(4, [(0, 1), (1, 2), (3, 3)]) == bytes([0xC9])


def test_a_decompression_bomb_is_refused():
    bomb = jose.b64url(zlib.compress(bytes(statuslist.MAX_ENTRIES // 4 + 1)))
    with pytest.raises(jose.Malformed):
        statuslist.decode(bomb)


@given(st.text(max_size=600))
def test_any_text_gets_a_verdict_never_an_exception(text):
    kid, private = KEY
    verdict = Verifier({kid: private.public_key()}).check(text)
    assert verdict.state in ("forged", "unknown_key", "legacy") and verdict.message


@given(
    st.lists(
        st.sampled_from(["eyJhbGciOiJFZERTQSJ9", "e30", "", ".", "AAAA", "eyJhbGciOiJFZERTQSIsImtpZCI6MX0"]), max_size=5
    )
)
def test_jws_shaped_garbage_gets_a_verdict(parts):
    kid, private = KEY
    assert Verifier({kid: private.public_key()}).check(".".join(parts)).state in ("forged", "unknown_key", "legacy")


KEY = keypair()
