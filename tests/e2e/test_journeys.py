"""Citizen journeys in a real browser: search, read a service, switch language; accessibility,
narrow screens and no JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import axe_check

pytestmark = pytest.mark.e2e

BRAND_RGB = "rgb(0, 105, 92)"  # $brand in assets/scss/_settings.scss


def test_search_read_and_switch_language(page: Any, site: str) -> None:
    page.goto(site + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert "Layanan publik" in page.locator("h1").inner_text()
    # The compiled stylesheet really loaded: the header wears the brand colour, no GDS font.
    header = page.locator(".lyn-header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == BRAND_RGB
    font = page.locator("h1").evaluate("el => getComputedStyle(el).fontFamily")
    assert "system-ui" in font
    assert "GDS Transport" not in font
    axe_check(page, site)

    page.get_by_label("Cari layanan").first.fill("akta lahir")
    page.get_by_role("button", name="Cari").first.click()
    page.wait_for_load_state()
    assert re.search(r"/layanan/\?q=akta(\+|%20)lahir", page.url)
    result = page.get_by_role("link", name="Akta Kelahiran").first
    assert result.is_visible()
    axe_check(page, site)

    result.click()
    page.wait_for_load_state()
    assert page.url.endswith("/layanan/akta-kelahiran/")
    assert "Akta Kelahiran" in page.locator("h1").inner_text()
    axe_check(page, site)

    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/layanan/akta-kelahiran/")
    assert page.locator("html").get_attribute("lang") == "en"
    nav = page.get_by_role("navigation", name="Main menu")
    assert nav.get_by_role("link", name="Home").is_visible()
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    axe_check(page, site)

    # And back to Bahasa Indonesia from the English page.
    page.get_by_role("link", name="Bahasa Indonesia").click()
    page.wait_for_load_state()
    assert page.url.endswith("/layanan/akta-kelahiran/")
    assert "/en/" not in page.url
    assert page.locator("html").get_attribute("lang") == "id"

    assert page.watch.errors == []


@pytest.mark.parametrize(
    "path", ["/", "/en/", "/tentang/", "/aksesibilitas/", "/halaman-tidak-ada/"]
)
def test_other_pages_are_accessible(page: Any, site: str, path: str) -> None:
    response = page.goto(site + path)
    assert response is not None
    assert response.status == (404 if "tidak-ada" in path else 200)
    axe_check(page, site)
    expected_404 = (
        "HTTP 404 " + site + path,
        "console: Failed to load resource: the server responded with a status of 404 (Not Found)",
    )
    assert [e for e in page.watch.errors if e not in expected_404] == []


def test_no_horizontal_scroll_at_360px(browser: Any, site: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    try:
        for path in [
            "/",
            "/layanan/",
            "/layanan/?q=akta+lahir",
            "/layanan/akta-kelahiran/",
            "/en/",
            "/aksesibilitas/",
            "/tentang/",
        ]:
            page.goto(site + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{path} is {width}px wide at a 360px viewport"
    finally:
        context.close()


def test_search_works_without_javascript(browser: Any, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site + "/")
        page.locator("#home-search").fill("akta lahir")
        page.locator("#home-search").press("Enter")
        page.wait_for_load_state()
        assert "/layanan/?q=akta" in page.url
        page.get_by_role("link", name="Akta Kelahiran").first.click()
        page.wait_for_load_state()
        assert "Akta Kelahiran" in page.locator("h1").inner_text()
        page.get_by_role("link", name="English").click()
        page.wait_for_load_state()
        assert page.url.endswith("/en/layanan/akta-kelahiran/")
    finally:
        context.close()
