"""The channel seam: every provider implements :class:`Channel`.

``send(message)`` returns a :class:`SendResult` on success and raises
:class:`PermanentError` (do not retry: bad number, bad credentials) or :class:`TransientError`
(retry later: network, 5xx, provider busy).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Message:
    to: str
    body: str
    subject: str = ""
    html_body: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SendResult:
    provider: str
    message_id: str = ""


class DeliveryError(Exception):
    """Sending failed; ``str(exc)`` is stored in the delivery log (never contains the body)."""


class PermanentError(DeliveryError):
    pass


class TransientError(DeliveryError):
    pass


class Channel(Protocol):
    name: str

    def send(self, message: Message) -> SendResult: ...
