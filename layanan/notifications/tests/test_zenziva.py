"""The Zenziva adapter against a local HTTP server speaking Zenziva's protocol."""

from __future__ import annotations

import contextlib

import pytest

from layanan.notifications.channels import Message, PermanentError, TransientError
from layanan.notifications.models import Delivery
from layanan.notifications.providers.zenziva import ZenzivaSms, zenziva_number
from layanan.notifications.services import deliver, send_sms
from layanan.notifications.tests.fake_zenziva import PASSKEY, USERKEY


def test_number_format():
    assert zenziva_number("0812-3456-5678") == "6281234565678"
    assert zenziva_number("+62 812 3456 5678") == "6281234565678"


def test_send_success(zenziva):
    channel = ZenzivaSms(url=zenziva.url, userkey=USERKEY, passkey=PASSKEY)
    result = channel.send(Message(to="081234565678", body="Permohonan Anda selesai ✓"))
    assert result.provider == "zenziva"
    assert result.message_id == "7000001"
    assert zenziva.received == [
        {
            "userkey": USERKEY,
            "passkey": PASSKEY,
            "to": "6281234565678",
            "message": "Permohonan Anda selesai ✓",
        }
    ]


def test_wrong_credentials_is_a_permanent_error_without_secrets(zenziva):
    channel = ZenzivaSms(url=zenziva.url, userkey=USERKEY, passkey="salah")
    with pytest.raises(PermanentError) as info:
        channel.send(Message(to="081234565678", body="kode 123456"))
    assert "Userkey / Passkey Salah" in str(info.value)
    assert "salah" not in str(info.value).replace("Salah", "")
    assert "123456" not in str(info.value)


def test_server_error_is_transient(zenziva):
    channel = ZenzivaSms(url=zenziva.url, userkey=USERKEY, passkey=PASSKEY)
    with pytest.raises(TransientError, match="HTTP 500"):
        channel.send(Message(to="0800000500", body="x"))


def test_unreachable_gateway_is_transient():
    channel = ZenzivaSms(url="http://127.0.0.1:9/x/", userkey=USERKEY, passkey=PASSKEY, timeout=2)
    with pytest.raises(TransientError):
        channel.send(Message(to="081234565678", body="x"))


@pytest.mark.django_db
def test_send_sms_end_to_end_through_the_task(zenziva, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        delivery = send_sms(
            to="0812 3456 5678",
            text="Kode atur ulang: 482913",
            purpose="password_reset",
            idempotency_key="pwreset:1",
        )
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.provider == "zenziva"
    assert delivery.provider_message_id == "7000001"
    assert delivery.attempts == 1
    assert delivery.to_masked == "+62812****5678"
    assert delivery.body == ""  # content dropped once sent
    assert [r["message"] for r in zenziva.received] == ["Kode atur ulang: 482913"]
    # Repeating the call (or the task) does not send twice.
    with django_capture_on_commit_callbacks(execute=True):
        again = send_sms(to="081234565678", text="lagi", idempotency_key="pwreset:1")
    deliver(delivery.pk)
    assert again.pk == delivery.pk
    assert len(zenziva.received) == 1


@pytest.mark.django_db
def test_gateway_refusal_is_logged_as_failed(zenziva, settings, django_capture_on_commit_callbacks):
    settings.LAYANAN_SMS_PASSKEY = "salah"
    with django_capture_on_commit_callbacks(execute=True):
        delivery = send_sms(to="081234565678", text="x")
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert "Userkey / Passkey Salah" in delivery.error
    assert delivery.attempts == 1


@pytest.mark.django_db
def test_transient_failure_goes_back_to_the_queue(zenziva):
    delivery = send_sms(to="0800000500", text="x")  # on_commit not run: deliver by hand
    with pytest.raises(TransientError):
        deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.attempts == 1
    assert "HTTP 500" in delivery.error
    for _ in range(3):
        with contextlib.suppress(TransientError):
            deliver(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 4
