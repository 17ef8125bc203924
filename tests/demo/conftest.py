"""One demo city for this package, made by the actions once and rolled back at its end:
a replay runs the daily job over five years of simulated days, too slow to repeat per test."""

from __future__ import annotations

import datetime

import pytest

TODAY = datetime.date(2026, 11, 26)
COUNT = 200  # every state at least once: the shares are exact in each block of 100


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import transaction
    from django.test import override_settings

    from juzhu.demo.generator import generate
    from juzhu.org.loading import load_units

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            load_units()
            yield generate(COUNT, today=TODAY, seed=7)
            transaction.set_rollback(True)
