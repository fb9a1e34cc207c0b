"""The delivery log: one row per message handed to a channel (email, SMS)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from layanan.core.crypto import EncryptedTextField


class Delivery(models.Model):
    """One outgoing message. The address and body are encrypted (needed for retries); the body
    is blanked once the message is sent. ``to_masked`` is what people and logs see."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Antre")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=120, unique=True)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penerima"),
    )
    to_masked = models.CharField(_("tujuan (disamarkan)"), max_length=200)
    to = EncryptedTextField(_("tujuan"))
    purpose = models.CharField(_("keperluan/templat"), max_length=100, blank=True, db_index=True)
    subject = EncryptedTextField(_("subjek"), blank=True)
    body = EncryptedTextField(_("isi"), blank=True)
    html_body = EncryptedTextField(_("isi HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    provider = models.CharField(_("penyedia"), max_length=40, blank=True)
    provider_message_id = models.CharField(_("id pesan penyedia"), max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    error = models.TextField(_("galat"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengiriman notifikasi")
        verbose_name_plural = _("pengiriman notifikasi")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.channel} {self.to_masked} {self.status}"
