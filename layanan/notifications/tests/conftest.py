from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model

from layanan.notifications.tests.fake_zenziva import PASSKEY, USERKEY, FakeZenziva

_seq = itertools.count(1)


@pytest.fixture
def make_user(db):
    def make(**extra):
        n = next(_seq)
        defaults = {"username": f"notif{n}", "email": f"notif{n}@example.com"}
        defaults.update(extra)
        return get_user_model().objects.create_user(password="x", **defaults)

    return make


@pytest.fixture
def zenziva(settings):
    with FakeZenziva() as fake:
        settings.LAYANAN_SMS_PROVIDER = "zenziva"
        settings.LAYANAN_SMS_URL = fake.url
        settings.LAYANAN_SMS_USERKEY = USERKEY
        settings.LAYANAN_SMS_PASSKEY = PASSKEY
        yield fake
