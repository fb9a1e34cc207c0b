"""The audit-log pages in a real browser: a citizen's own history and the auditor's browser,
accessible (axe) and usable at 360 px."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import axe_check

pytestmark = pytest.mark.e2e

PASSWORD = "Kotabumi-2026!"


@pytest.fixture
def people(site: str, settings: Any) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from layanan.accounts.models import Membership, OrgUnit
    from layanan.audit.services import audit_record

    settings.LAYANAN_DEMO_STAFF_WITHOUT_TOTP = True
    user_model = get_user_model()
    citizen = user_model.objects.create_user(
        username="warga-e2e", email="warga.e2e@example.com", password=PASSWORD, full_name="Warga"
    )
    auditor = user_model.objects.create_user(
        username="auditor-e2e",
        email="auditor.e2e@example.com",
        password=PASSWORD,
        full_name="Auditor Inspektorat",
        is_demo=True,
    )
    unit = OrgUnit.objects.get(slug="disdukcapil")
    Membership.objects.create(user=auditor, unit=unit, role=Membership.Role.AUDITOR)
    for i in range(3):
        audit_record(
            actor=auditor,
            action="test.profile_viewed",
            obj=unit,
            subject=citizen,
            summary={"fields": "nik", "round": i},
            unit_slug="disdukcapil",
        )
    return {"citizen": citizen, "auditor": auditor}


def sign_in(page: Any, site: str, email: str) -> None:
    page.goto(site + "/akun/login/")
    page.get_by_label("Email atau nomor HP").fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


def no_horizontal_scroll(page: Any) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width}px wide at 360px"


def test_citizen_reads_the_audit_history_of_their_data(page: Any, site: str, people: Any) -> None:
    sign_in(page, site, "warga.e2e@example.com")
    page.goto(site + "/akun/riwayat-audit/")
    assert page.locator("h1").inner_text() == "Riwayat audit data saya"
    assert page.content().count("test.profile_viewed") == 3
    assert page.get_by_role("link", name="bukti inklusi", exact=False).count() == 3
    axe_check(page, site)
    no_horizontal_scroll(page)
    assert not page.watch.errors, page.watch.errors


def test_auditor_filters_the_audit_log(page: Any, site: str, people: Any) -> None:
    sign_in(page, site, "auditor.e2e@example.com")
    page.goto(site + "/staf/audit/")
    axe_check(page, site)
    page.get_by_label("Tindakan").fill("test.profile")
    page.get_by_role("button", name="Saring").click()
    page.wait_for_load_state()
    assert "action=test.profile" in page.url
    assert page.content().count("test.profile_viewed") >= 3
    axe_check(page, site)
    no_horizontal_scroll(page)
