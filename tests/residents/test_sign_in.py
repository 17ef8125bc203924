"""Sign-in codes (issue 10): hashed at rest, expiring, single-use, few attempts, rate-limited
per number and per address, and the same answer for a number known or not."""

from __future__ import annotations

import datetime

import pytest

from juzhu import clock as system_clock
from juzhu.audit.models import AuditEntry
from juzhu.notify.models import Notification
from juzhu.notify.senders import deliver_now
from juzhu.registry.errors import ActionError
from juzhu.residents.actions import request_code, verify_code
from juzhu.residents.models import ResidentAccount, SignInCode
from tests.registry.flows import registered

from .helpers import PHONE, sent_code, signed_in

pytestmark = pytest.mark.django_db


def later(minutes: float):
    return system_clock.frozen(system_clock.now() + datetime.timedelta(minutes=minutes))


def test_a_code_signs_in_once_and_opens_the_account(clock):
    account = signed_in()
    assert ResidentAccount.objects.get(phone=PHONE) == account
    assert account.person_id is None  # not bound yet
    with pytest.raises(ActionError) as used:
        verify_code(phone=PHONE, code=sent_code(), client_address=None)
    assert used.value.field == "code" and "失效" in used.value.message
    entry = AuditEntry.objects.get(action="resident.sign_in")
    assert entry.actor_id is None and entry.actor == account.username  # never a staff id


def test_the_code_is_kept_only_as_a_keyed_hash_and_the_sms_text_is_blanked_once_sent(clock):
    request_code(phone=PHONE, client_address=None)
    code = sent_code()
    stored = SignInCode.objects.get(phone=PHONE)
    assert code not in stored.code_hash
    notification = Notification.objects.get(recipient=PHONE)
    deliver_now(notification.pk)
    notification.refresh_from_db()
    assert notification.status == "sent" and code not in notification.text
    assert verify_code(phone=PHONE, code=code, client_address=None).phone == PHONE  # still usable once


def test_a_code_expires(clock):
    request_code(phone=PHONE, client_address=None)
    code = sent_code()
    with later(5.1), pytest.raises(ActionError) as expired:
        verify_code(phone=PHONE, code=code, client_address=None)
    assert expired.value.message == "验证码不正确或已失效，请重新获取验证码"


def test_wrong_codes_count_and_the_last_attempt_voids_the_code(clock):
    request_code(phone=PHONE, client_address=None)
    code = sent_code()
    wrong = "000000" if code != "000000" else "111111"
    messages = []
    for _ in range(5):
        with pytest.raises(ActionError) as refused:
            verify_code(phone=PHONE, code=wrong, client_address=None)
        messages.append(refused.value.message)
    assert messages[0] == "验证码不正确，还可输入 4 次"
    assert messages[-1] == "验证码不正确或已失效，请重新获取验证码"
    with pytest.raises(ActionError):  # the right code no longer opens it
        verify_code(phone=PHONE, code=code, client_address=None)


def test_not_a_mobile_number_is_named(clock):
    for bad in ("0915-3212345", "12345", "2391234567x"):
        with pytest.raises(ActionError) as refused:
            request_code(phone=bad, client_address=None)
        assert refused.value.field == "phone" and "手机号码" in refused.value.message
    request_code(phone="+86 139 1234 5670", client_address=None)  # tidied as the office tidies it
    assert SignInCode.objects.get().phone == PHONE


def test_resend_interval_and_hourly_limit_per_number(clock):
    request_code(phone=PHONE, client_address=None)
    with pytest.raises(ActionError) as too_soon:
        request_code(phone=PHONE, client_address=None)
    assert too_soon.value.status == 429 and "60 秒" in too_soon.value.message
    for minute in (2, 4, 6, 8):
        with later(minute):
            request_code(phone=PHONE, client_address=None)
    with later(10), pytest.raises(ActionError) as hourly:
        request_code(phone=PHONE, client_address=None)
    assert "一小时" in hourly.value.message
    with later(61):
        request_code(phone=PHONE, client_address=None)  # the hour has passed for the first one


def test_hourly_limit_per_client_address(clock):
    for serial in range(20):
        request_code(phone=f"1391234{serial:04d}", client_address="198.51.100.9")
    with pytest.raises(ActionError) as refused:
        request_code(phone="13800000000", client_address="198.51.100.9")
    assert refused.value.status == 429 and "本网络" in refused.value.message
    request_code(phone="13800000000", client_address="198.51.100.10")  # another address is not held


def test_a_known_number_and_an_unknown_one_get_the_same_answer(staff, clock):
    registered(staff, phone="13812345678")  # in the registry
    answers = []
    for phone in ("13812345678", "13700000001"):
        issued = request_code(phone=phone, client_address=None)
        answers.append((type(issued), issued.expires_at - issued.created_at))
    assert answers[0] == answers[1]
    assert not ResidentAccount.objects.exists()  # asking for a code opens nothing
