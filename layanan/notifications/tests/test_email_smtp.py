"""Email through Django's SMTP backend to a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from layanan.notifications.models import Delivery
from layanan.notifications.services import notify_user, send_email


class Sink:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    sink = Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "Layanan Lampung Utara <layanan@lampungutarakab.go.id>"
    yield sink
    controller.stop()


@pytest.mark.django_db
def test_send_email_arrives_with_utf8_indonesian_text(
    smtp_server, django_capture_on_commit_callbacks
):
    body = "Permohonan KK Anda telah selesai. Silakan ambil di loket — terima kasih. ✓"
    with django_capture_on_commit_callbacks(execute=True):
        delivery = send_email(
            to="Warga.Satu@example.com",
            subject="Status permohonan: selesai ✓",
            body=body,
            html_body="<p>Permohonan KK Anda telah <strong>selesai</strong>.</p>",
            purpose="application_done",
            idempotency_key="app:1:done",
        )
    assert len(smtp_server.messages) == 1
    mail_from, rcpt_tos, raw = smtp_server.messages[0]
    assert mail_from == "layanan@lampungutarakab.go.id"
    assert rcpt_tos == ["Warga.Satu@example.com"]
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["Subject"] == "Status permohonan: selesai ✓"
    assert msg["To"] == "Warga.Satu@example.com"
    assert msg["From"] == "Layanan Lampung Utara <layanan@lampungutarakab.go.id>"
    assert msg["X-Layanan-Delivery"] == str(delivery.pk)
    plain = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    assert plain.get_content().strip() == body
    assert plain.get_content_charset() == "utf-8"
    assert "<strong>selesai</strong>" in html.get_content()

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.provider_message_id == msg["Message-ID"]
    assert delivery.to_masked == "Wa***@example.com"
    # The same idempotency key never sends a second message.
    with django_capture_on_commit_callbacks(execute=True):
        send_email(to="x@example.com", subject="s", body="b", idempotency_key="app:1:done")
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_smtp_down_is_retried_later(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=True):
        delivery = send_email(to="a@example.com", subject="s", body="b")
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.QUEUED  # huey schedules a retry
    assert delivery.attempts == 1
    assert "ConnectionRefusedError" in delivery.error


@pytest.mark.django_db
def test_notify_user_uses_email_template_in_users_language(
    smtp_server, make_user, django_capture_on_commit_callbacks
):
    user = make_user(full_name="Ayu Lestari", preferred_language="id")
    with django_capture_on_commit_callbacks(execute=True):
        deliveries = notify_user(user=user, purpose="password_reset", context={"code": "482913"})
    assert [d.channel for d in deliveries] == ["email"]  # no phone: email only
    msg = email.message_from_bytes(smtp_server.messages[0][2], policy=email.policy.default)
    assert msg["Subject"] == "Kode atur ulang kata sandi"
    text = msg.get_body(preferencelist=("plain",)).get_content()
    assert "Halo Ayu Lestari," in text
    assert "482913" in text
