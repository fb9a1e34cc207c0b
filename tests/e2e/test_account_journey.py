"""Account journey in a real browser: sign up, add a NIK, turn on TOTP, download my data —
with an axe check on every page."""

from __future__ import annotations

import time
from typing import Any

import pytest

from .conftest import axe_check

pytestmark = pytest.mark.e2e

PASSWORD = "Sandi-kuat-2026"
NIK = "1803021708900001"


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    # Stay clear of the 30-second boundary so the code is still valid when it arrives.
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.5)
    counter = next(iter(yield_hotp_counters_from_time()))
    return str(format_hotp_value(hotp_value(secret, counter)))


def test_sign_up_add_nik_turn_on_totp_download_my_data(page: Any, site: str) -> None:
    page.goto(site + "/akun/signup/")
    axe_check(page, site)
    page.get_by_label("Nama lengkap").fill("Rina Warga")
    page.get_by_label("Email", exact=False).first.fill("rina@example.com")
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Daftar").click()
    page.wait_for_load_state()
    assert page.url.endswith("/akun/profil/")
    assert "Rina Warga" in page.content()
    axe_check(page, site)

    # Add a NIK: a wrong one first shows the rule's message, then the right one.
    page.get_by_role("button", name="Ubah profil").click()
    page.wait_for_load_state()
    axe_check(page, site)
    page.get_by_label("NIK", exact=True).fill("1803021708900000")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert "tidak boleh 0000" in page.content()
    assert page.locator(".govuk-error-summary").is_visible()
    axe_check(page, site)
    page.get_by_label("NIK", exact=True).fill(NIK)
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert page.url.endswith("/akun/profil/")
    assert "1803************" in page.content()
    assert NIK not in page.content()

    # Turn on TOTP (allauth asks for the password again first).
    page.get_by_role("link", name="Autentikasi dua faktor").first.click()
    page.wait_for_load_state()
    axe_check(page, site)
    page.goto(site + "/akun/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:
        axe_check(page, site)
        page.locator("input[type=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()
    assert "/2fa/totp/activate/" in page.url
    axe_check(page, site)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "/2fa/totp/activate/" not in page.url, page.locator("main").inner_text()
    axe_check(page, site)

    # Download my data from the privacy page linked on the profile.
    page.goto(site + "/akun/profil/")
    assert "Aktif" in page.content()
    page.get_by_role("link", name="Data pribadi saya (unduh, koreksi)").click()
    page.wait_for_load_state()
    assert "/akun/privasi/" in page.url
    axe_check(page, site)
    with page.expect_download() as download_info:
        page.locator("a[href$='unduh.json']").first.click()
    path = download_info.value.path()
    assert path is not None
    with open(path, encoding="utf-8") as fh:
        assert NIK in fh.read()
    assert page.watch.errors == []
