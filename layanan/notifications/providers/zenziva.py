"""SMS over HTTP through Zenziva (an Indonesian SMS gateway), "SMS Reguler" console API.

Protocol (docs/adr/0051-sms-gateway.md):

* ``POST {LAYANAN_SMS_URL}`` — default ``https://console.zenziva.net/reguler/api/sendsms/`` —
  body ``application/x-www-form-urlencoded`` with

  ========== ==========================================================
  ``userkey``  account user key (``LAYANAN_SMS_USERKEY``)
  ``passkey``  API pass key (``LAYANAN_SMS_PASSKEY``)
  ``to``       destination number, digits only, ``62…`` (we send ``628123456789``)
  ``message``  the text (UTF-8; one SMS is 160 GSM characters, longer ones are split)
  ========== ==========================================================

* Response ``200`` with a JSON object::

      {"messageId": "1234567", "to": "628123456789", "status": "1", "text": "Success"}

  ``status`` is the string ``"1"`` on success; any other value (``"0"`` …) is a refusal whose
  reason is in ``text`` (wrong user/pass key, no credit, invalid number), e.g.
  ``{"status": "0", "text": "Userkey / Passkey Salah"}``.

Mapping: transport errors, timeouts and HTTP 5xx/429 are :class:`TransientError` (the task
retries); HTTP 4xx, a non-JSON body and ``status != "1"`` are :class:`PermanentError`.
The pass key and the message text never appear in errors or logs.
"""

from __future__ import annotations

from typing import Any

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from layanan.core.crypto import normalise_phone
from layanan.notifications.channels import Message, PermanentError, SendResult, TransientError

DEFAULT_URL = "https://console.zenziva.net/reguler/api/sendsms/"


def zenziva_number(phone: str) -> str:
    """``0812-3456-789`` / ``+62 812…`` -> ``628123456789``."""
    return normalise_phone(phone).lstrip("+")


class ZenzivaSms:
    name = "zenziva"

    def __init__(self, *, url: str, userkey: str, passkey: str, timeout: float = 15.0) -> None:
        self.url = url
        self.userkey = userkey
        self.passkey = passkey
        self.timeout = timeout

    @classmethod
    def from_settings(cls) -> ZenzivaSms:
        userkey = getattr(settings, "LAYANAN_SMS_USERKEY", "")
        passkey = getattr(settings, "LAYANAN_SMS_PASSKEY", "")
        if not userkey or not passkey:
            raise ImproperlyConfigured(
                "LAYANAN_SMS_PROVIDER=zenziva needs LAYANAN_SMS_USERKEY and LAYANAN_SMS_PASSKEY."
            )
        return cls(
            url=getattr(settings, "LAYANAN_SMS_URL", "") or DEFAULT_URL,
            userkey=userkey,
            passkey=passkey,
            timeout=float(getattr(settings, "LAYANAN_SMS_TIMEOUT", 15)),
        )

    def send(self, message: Message) -> SendResult:
        number = zenziva_number(message.to)
        if len(number) < 9:
            raise PermanentError("invalid destination number")
        form = {
            "userkey": self.userkey,
            "passkey": self.passkey,
            "to": number,
            "message": message.body,
        }
        try:
            response = httpx.post(self.url, data=form, timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise TransientError(f"zenziva: {type(exc).__name__}") from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise TransientError(f"zenziva: HTTP {response.status_code}")
        if response.status_code >= 400:
            raise PermanentError(f"zenziva: HTTP {response.status_code}")
        try:
            payload: Any = response.json()
        except ValueError as exc:
            raise PermanentError("zenziva: response is not JSON") from exc
        if not isinstance(payload, dict):
            raise PermanentError("zenziva: unexpected response")
        if str(payload.get("status")) != "1":
            reason = str(payload.get("text", "unknown error"))[:200]
            raise PermanentError(f"zenziva: status {payload.get('status')!r}: {reason}")
        return SendResult(provider=self.name, message_id=str(payload.get("messageId", "")))
