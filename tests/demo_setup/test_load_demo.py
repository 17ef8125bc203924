"""``load_demo`` and the generator's determinism, each on an empty database."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from juzhu.audit.models import AuditEntry
from juzhu.demo.generator import generate
from juzhu.demo.setup import DEMO_LOGINS, DEMO_PASSWORD, load_demo
from juzhu.org.models import Unit, User
from juzhu.registry.models import Permit, Person, Registration, Sequence

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def units(db):
    from juzhu.org.loading import load_units

    load_units()


def _fingerprint():
    return [
        (
            p.id_number,
            p.name,
            p.phone,
            p.hukou_address,
            p.town_id,
            tuple(
                Registration.objects.filter(person=p).order_by("pk").values_list("number", "declared_date", "status")
            ),
            tuple(Permit.objects.filter(person=p).values_list("number", "status", "next_anniversary")),
        )
        for p in Person.objects.order_by("pk")
    ]


class _Rollback(Exception):
    pass


def test_generation_is_deterministic_for_a_seed(units):
    prints = []
    for seed in (11, 11, 12):
        try:
            with transaction.atomic():
                generate(30, today=TODAY, seed=seed)
                prints.append(_fingerprint())
                raise _Rollback
        except _Rollback:
            pass
    assert prints[0] == prints[1] and prints[0] != prints[2]


def test_load_demo_twice_adds_nothing_the_second_time(db):
    first = load_demo(count=40, today=TODAY)
    assert first["created"] and first["residents"] == 40 and Person.objects.count() == 40
    for username, unit, role, _ in DEMO_LOGINS:
        user = User.objects.get(username=username)
        assert user.unit.code == unit and user.groups.filter(name=role).exists()
        assert user.check_password(DEMO_PASSWORD)
    assert User.objects.get(username="clerk").unit.name == "老城街道派出所"
    clerks = User.objects.filter(groups__name="clerk", unit__kind=Unit.Kind.STATION)
    assert set(clerks.values_list("unit_id", flat=True)) == set(
        Unit.objects.filter(kind="station").values_list("pk", flat=True)
    )
    assert not any(u.has_usable_password() for u in clerks.exclude(username__in=["clerk", "clerk2"]))
    counts = (
        Person.objects.count(),
        Registration.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
        list(Sequence.objects.order_by("pk").values_list("last", flat=True)),
    )
    second = load_demo(count=40, today=TODAY)
    assert not second["created"] and second["states"] == first["states"]
    assert counts == (
        Person.objects.count(),
        Registration.objects.count(),
        User.objects.count(),
        AuditEntry.objects.count(),
        list(Sequence.objects.order_by("pk").values_list("last", flat=True)),
    )


def test_demo_logins_have_demo_authenticators_and_only_they_do(db):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from juzhu.org.second_factor import DEMO_DEVICE_NAME

    load_demo(count=5, today=TODAY)
    demo_devices = TOTPDevice.objects.filter(confirmed=True, name=DEMO_DEVICE_NAME)
    assert sorted(demo_devices.values_list("user__username", flat=True)) == sorted(u for u, _, _, _ in DEMO_LOGINS)
    keys = dict(demo_devices.values_list("user__username", "key"))
    TOTPDevice.objects.filter(user__username="clerk").delete()  # an older demo database without one
    load_demo(count=5, today=TODAY)
    again = dict(TOTPDevice.objects.filter(name=DEMO_DEVICE_NAME).values_list("user__username", "key"))
    assert again.keys() == keys.keys() and again["issuer"] == keys["issuer"] and again["clerk"] != keys["clerk"]
