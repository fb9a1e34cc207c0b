"""Per-request context (request id, client IP) kept in contextvars, read by the audit log."""

from __future__ import annotations

import contextvars
import ipaddress
import uuid
from dataclasses import dataclass


def normalise_ip(value: str | None) -> str | None:
    """The canonical text of an IP address (IPv4-mapped IPv6 as IPv4); None if it is not one."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return str(mapped or address)


@dataclass(frozen=True)
class RequestContext:
    """Who is asking: the request id and the client's IP, canonical (or None).

    Checked once here, per request, so that everything that records them (the audit log) can
    trust the values; an unparseable address is a programming error (ValueError).
    """

    request_id: str
    ip: str | None = None

    def __post_init__(self) -> None:
        if self.ip is not None:
            canonical = normalise_ip(self.ip)
            if canonical is None:
                raise ValueError(f"not an IP address: {self.ip!r}")
            object.__setattr__(self, "ip", canonical)


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "layanan_request_context", default=None
)


def current_request() -> RequestContext | None:
    return _current.get()


def set_request(ctx: RequestContext | None) -> contextvars.Token[RequestContext | None]:
    return _current.set(ctx)


def reset_request(token: contextvars.Token[RequestContext | None]) -> None:
    _current.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex
