"""The demo residents printed by ``./run`` and ``juzhu otp resident-code`` (issue 10)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from juzhu.demo.residents import ensure_demo_residents
from juzhu.residents.models import ResidentAccount
from tests.registry.flows import issued_permit, registered
from tests.residents.helpers import id_number, sent_code

pytestmark = pytest.mark.django_db


def test_demo_residents_sign_in_with_the_command_s_code(staff, clock):
    permit = issued_permit(staff, clock)
    registered(staff, id_number=id_number(3), name="王芳", phone="13700000003")
    residents = ensure_demo_residents()
    assert [(r["phone"], r["what"]) for r in residents] == [
        ("13812345678", "持有居住证"),
        ("13700000003", "已办理居住登记，尚未申领居住证"),
    ]
    assert ensure_demo_residents() == residents  # idempotent
    client = Client()
    client.post(reverse("portal:sign_in"), {"phone": "13812345678"})
    out = io.StringIO()
    call_command("otp", "resident-code", "13812345678", stdout=out)
    assert out.getvalue().strip() == sent_code("13812345678")
    response = client.post(reverse("portal:code"), {"code": out.getvalue().strip()}, follow=True)
    assert permit.number in response.content.decode()  # bound already: straight to her permit


def test_the_command_shows_no_real_resident_s_code(clock):
    Client().post(reverse("portal:sign_in"), {"phone": "13700000004"})
    ResidentAccount.objects.create(phone="13700000004", created_at="2026-03-02T10:00+08:00")
    with pytest.raises(CommandError, match="真实居民"):
        call_command("otp", "resident-code", "13700000004")
