"""The request context: request id and client IP as the audit log records them."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from layanan.core.context import RequestContext, normalise_ip
from layanan.core.middleware import client_ip


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("10.0.0.1", "10.0.0.1"),
        (" 10.0.0.1 ", "10.0.0.1"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("::ffff:103.10.20.30", "103.10.20.30"),  # IPv4 behind an IPv6 socket
        ("", None),
        (None, None),
        ("999.1.1.1", None),
        ("10.0.0.1'); DROP TABLE x; --", None),
        ("unknown", None),
    ],
)
def test_normalise_ip(raw: str | None, canonical: str | None) -> None:
    assert normalise_ip(raw) == canonical


def test_context_keeps_the_canonical_address_and_refuses_garbage() -> None:
    assert RequestContext("r1", "::ffff:10.1.2.3").ip == "10.1.2.3"
    assert RequestContext("r2").ip is None
    with pytest.raises(ValueError, match="not an IP address"):
        RequestContext("r3", "bukan-ip")


def test_a_bad_proxy_header_falls_back_to_the_socket_address() -> None:
    request = RequestFactory().get("/", HTTP_X_REAL_IP="garbage", REMOTE_ADDR="192.0.2.7")
    assert client_ip(request) == "192.0.2.7"
    request = RequestFactory().get("/", HTTP_X_REAL_IP="198.51.100.1", REMOTE_ADDR="192.0.2.7")
    assert client_ip(request) == "198.51.100.1"
    request = RequestFactory().get("/", REMOTE_ADDR="")
    assert client_ip(request) is None
