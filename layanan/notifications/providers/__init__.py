"""Channel implementations. ``sms_channel()`` / ``email_channel()`` pick one from settings:

* ``LAYANAN_SMS_PROVIDER``: ``console`` (demo, default: logs the masked number) or ``zenziva``
  (``LAYANAN_SMS_URL``, ``LAYANAN_SMS_USERKEY``, ``LAYANAN_SMS_PASSKEY``; see
  ``docs/adr/0051-sms-gateway.md``).
* Email always goes through Django's ``EMAIL_BACKEND`` (SMTP in production).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from layanan.notifications.channels import Channel
from layanan.notifications.providers.console import ConsoleSms
from layanan.notifications.providers.email import DjangoEmail
from layanan.notifications.providers.zenziva import ZenzivaSms


def sms_channel() -> Channel:
    name = getattr(settings, "LAYANAN_SMS_PROVIDER", "console") or "console"
    if name == "console":
        return ConsoleSms()
    if name == "zenziva":
        return ZenzivaSms.from_settings()
    raise ImproperlyConfigured(f"LAYANAN_SMS_PROVIDER: unknown SMS provider {name!r}")


def email_channel() -> Channel:
    return DjangoEmail()
