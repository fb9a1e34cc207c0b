"""Demo SMS provider: writes the (masked) number and the text to the log, sends nothing."""

from __future__ import annotations

import logging
import uuid

from layanan.core.crypto import mask_phone
from layanan.notifications.channels import Message, SendResult

logger = logging.getLogger("layanan.notifications.sms")


class ConsoleSms:
    name = "console"

    def send(self, message: Message) -> SendResult:
        logger.info("SMS (console) to %s: %s", mask_phone(message.to), message.body)
        return SendResult(provider=self.name, message_id=f"console-{uuid.uuid4().hex[:12]}")
