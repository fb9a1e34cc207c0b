from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from layanan.notifications import services
from layanan.notifications.models import Delivery
from layanan.notifications.services import Contact, notify_user, send_sms

pytestmark = pytest.mark.django_db


def test_notify_user_picks_email_and_sms(make_user, django_capture_on_commit_callbacks, caplog):
    user = make_user()
    services.register_contact_resolver(lambda u: Contact(email=u.email, phone="081234565678"))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            deliveries = notify_user(
                user=user,
                purpose="password_reset",
                context={"code": "111222"},
                idempotency_key="reset:42",
            )
            again = notify_user(
                user=user,
                purpose="password_reset",
                context={"code": "111222"},
                idempotency_key="reset:42",
            )
    finally:
        services.register_contact_resolver(services._default_contact)
    assert sorted(d.channel for d in deliveries) == ["email", "sms"]
    assert {d.pk for d in again} == {d.pk for d in deliveries}
    assert Delivery.objects.count() == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    sms = Delivery.objects.get(channel="sms")
    assert sms.provider == "console"
    # The console provider logs a masked number only.
    assert "+62812****5678" in caplog.text
    assert "081234565678" not in caplog.text


def test_notify_user_skips_channels_without_template_or_address(make_user):
    user = make_user(email=None)
    assert notify_user(user=user, purpose="password_reset", context={"code": "1"}) == []
    user2 = make_user()
    assert notify_user(user=user2, purpose="tidak_ada_templat", context={}) == []


def test_default_contact_reads_a_phone_attribute(make_user):
    user = make_user()
    user.phone = "081234565678"
    assert services.contact_for(user) == Contact(email=user.email, phone="081234565678")


def test_invalid_addresses_are_refused():
    with pytest.raises(ValueError):
        send_sms(to="12", text="x")
    with pytest.raises(ValueError):
        services.send_email(to="bukan-email", subject="s", body="b")
    assert Delivery.objects.count() == 0


def test_address_and_body_are_encrypted_at_rest():
    from django.db import connection

    delivery = send_sms(to="081234565678", text="Kode rahasia 987654")
    with connection.cursor() as cursor:
        cursor.execute('SELECT "to", body FROM notifications_delivery WHERE id = %s', [delivery.pk])
        raw_to, raw_body = cursor.fetchone()
    assert "81234565678" not in raw_to
    assert "987654" not in raw_body


def test_purge_keeps_recent_and_pending(make_user):
    with time_machine.travel(timezone.now() - dt.timedelta(days=200)):
        old_sent = send_sms(to="081234565678", text="a")
        old_queued = send_sms(to="081234565678", text="b")
    Delivery.objects.filter(pk=old_sent.pk).update(status="sent")
    send_sms(to="081234565678", text="c")
    cutoff = timezone.now() - dt.timedelta(days=180)
    assert services.delivery_purge(cutoff=cutoff, dry_run=True) == 1
    assert services.delivery_purge(cutoff=cutoff) == 1
    assert not Delivery.objects.filter(pk=old_sent.pk).exists()
    assert Delivery.objects.filter(pk=old_queued.pk).exists()
    assert Delivery.objects.count() == 2


def test_requeue_failed_delivery(django_capture_on_commit_callbacks):
    delivery = send_sms(to="081234565678", text="x")
    Delivery.objects.filter(pk=delivery.pk).update(status="failed", attempts=4)
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_requeue(delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert delivery.attempts == 1
