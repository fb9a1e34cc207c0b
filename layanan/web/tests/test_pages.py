"""Public pages: home, about, accessibility statement, language switch, error pages, headers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from layanan.web.context_processors import language_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _regions() -> None:
    call_command("load_regions", "--seed-only", verbosity=0)


def test_home_in_indonesian(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id"' in html
    assert "Layanan publik Kabupaten Lampung Utara" in html
    assert 'name="q"' in html
    assert "Langsung ke konten utama" in html
    # Search form GETs the catalog.
    form = re.search(r'<form action="([^"]*)" method="get" role="search"', html)
    assert form is not None


def test_home_in_english(client: Client) -> None:
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Public services of Kabupaten Lampung Utara" in html
    assert "Skip to main content" in html
    assert "Yang bisa Anda lakukan" not in html


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/tentang/", "Tentang Layanan"),
        ("/aksesibilitas/", "Pernyataan aksesibilitas"),
        ("/en/tentang/", "About Layanan"),
        ("/en/aksesibilitas/", "Accessibility statement"),
    ],
)
def test_static_pages(client: Client, url: str, heading: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_language_links_point_to_the_same_page(client: Client) -> None:
    html = client.get("/aksesibilitas/").content.decode()
    assert 'href="/en/aksesibilitas/"' in html
    assert 'hreflang="en"' in html
    html = client.get("/en/aksesibilitas/").content.decode()
    assert 'href="/aksesibilitas/"' in html


@pytest.mark.parametrize("active", ["id", "en"])
def test_language_url_in_both_directions(active: str) -> None:
    with translation.override(active):
        assert language_url("/tentang/", "en") == "/en/tentang/"
        assert language_url("/en/tentang/", "id") == "/tentang/"
        assert language_url("/en/tentang/", "en") == "/en/tentang/"
        assert language_url("/tidak-ada/?q=1", "en") == "/en/tidak-ada/?q=1"
        assert language_url("/en/tidak-ada/", "id") == "/tidak-ada/"
        assert language_url("/en/", "id") == "/"


def test_language_switch_post_redirects_to_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/aksesibilitas/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/aksesibilitas/"
    assert response.cookies["layanan_lang"].value == "en"
    page = client.get(response["Location"])
    assert "Accessibility statement" in page.content.decode()


def test_language_switch_post_back_to_indonesian(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "id", "next": "/en/tentang/?a=1"})
    assert response.status_code == 302
    assert response["Location"] == "/tentang/?a=1"
    assert response.cookies["layanan_lang"].value == "id"


def test_language_switch_post_uses_referer_and_rejects_other_hosts(client: Client) -> None:
    response = client.post(
        "/i18n/setlang/", {"language": "en"}, headers={"referer": "http://testserver/tentang/"}
    )
    assert response["Location"] == "http://testserver/en/tentang/"
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/en/"


def test_language_switch_rejects_get_and_unknown_language(client: Client) -> None:
    assert client.get("/i18n/setlang/?language=en&next=/").status_code == 405
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/tentang/"})
    assert response["Location"] == "/tentang/"


def test_navigation_marks_current_page(client: Client) -> None:
    html = client.get("/").content.decode()
    assert re.search(r'aria-current="page"><strong[^>]*>Beranda</strong>', html)


def test_security_headers_and_no_inline_code(client: Client) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    html = response.content.decode()
    # Every <script> loads a file; no inline script, no style attribute, no <style> element.
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts, "htmx should be loaded"
    for attrs, body in scripts:
        assert "src=" in attrs
        assert "defer" in attrs
        assert body.strip() == ""
    assert "style=" not in html
    assert "<style" not in html
    assert "axe.min.js" not in html
    assert re.search(r'<link rel="stylesheet" href="/static/dist/layanan\.css">', html)


def test_htmx_is_only_an_enhancement(client: Client) -> None:
    html = client.get("/").content.decode()
    assert re.search(r'<script src="/static/dist/htmx\.min\.js" defer></script>', html)
    assert '"includeIndicatorStyles":false' in html


def test_404_page_is_translated(client: Client) -> None:
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    ("template", "text_id", "text_en"),
    [
        ("400.html", "Permintaan tidak dapat diproses", "The request could not be processed"),
        ("403.html", "Anda tidak memiliki akses", "You do not have access"),
        ("403_csrf.html", "Sesi formulir berakhir", "The form session has expired"),
        ("404.html", "Halaman tidak ditemukan", "Page not found"),
    ],
)
def test_error_pages_render(template: str, text_id: str, text_en: str) -> None:
    request = RequestFactory().get("/")
    with translation.override("id"):
        assert text_id in render_to_string(template, request=request)
    with translation.override("en"):
        assert text_en in render_to_string(template, request=request)


def test_500_page_needs_no_request_context() -> None:
    with translation.override("id"):
        html = render_to_string("500.html")
    assert "Terjadi gangguan pada sistem" in html
    assert "Traceback" not in html
    with translation.override("en"):
        assert "something went wrong" in render_to_string("500.html")


def test_500_handler_hides_the_stack_trace() -> None:
    from django.views.defaults import server_error

    with translation.override("id"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi gangguan pada sistem" in html
    assert "Traceback" not in html


@override_settings(DEBUG=False)
def test_csrf_failure_uses_our_page() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 403
    assert "Sesi formulir berakhir" in response.content.decode()


def test_home_lists_services_categories_and_units(client: Client) -> None:
    from layanan.catalog.demo import load_demo

    load_demo()
    html = client.get("/").content.decode()
    assert 'href="/layanan/akta-kelahiran/"' in html
    assert "Layanan yang sering dicari" in html
    assert "/layanan/?category=" in html
    assert 'href="/layanan/unit/' in html
    assert "Jam layanan" in html
    english = client.get("/en/").content.decode()
    assert 'href="/en/layanan/akta-kelahiran/"' in english
    assert "Popular services" in english


def test_featured_services_follow_the_setting(client: Client, settings: Any) -> None:
    from layanan.catalog.demo import load_demo
    from layanan.web.views import featured_services

    load_demo()
    settings.LAYANAN_HOME_SERVICES = ["tidak-ada", "akta-kelahiran"]
    assert [v.service.code for v in featured_services()] == ["akta-kelahiran"]
    settings.LAYANAN_HOME_SERVICES = ["tidak-ada"]
    assert len(featured_services(limit=3)) == 3
