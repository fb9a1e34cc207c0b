"""Template context shared by every page: site and region names, language links, navigation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from layanan.core.wilayah import region_get

REGION_CACHE_SECONDS = 300


def region_name() -> str:
    """Name of the region this installation serves (e.g. "Kabupaten Lampung Utara"), cached."""
    code = settings.LAYANAN_REGION_CODE
    key = f"layanan:region-name:{code}"
    name = cache.get(key)
    if name is None:
        region = region_get(code)
        name = region.name if region is not None else ""
        if name:  # before `layanan load_regions` there is nothing worth remembering
            cache.set(key, name, REGION_CACHE_SECONDS)
    return str(name)


def language_url(url: str, lang_code: str) -> str:
    """The same page in another language: ``/x/`` (Bahasa Indonesia) ↔ ``/en/x/`` (English).

    Indonesian, the default language, has no URL prefix (``prefix_default_language=False``).
    Works whatever language is active, and for paths that do not resolve (a 404 page).
    """
    parts = urlsplit(url)
    source = get_language_from_path(parts.path) or settings.LANGUAGE_CODE
    with translation.override(source):
        translated = translate_url(url, lang_code)
    if translated != url or lang_code == source:
        return translated
    bare = parts.path
    if source != settings.LANGUAGE_CODE:
        bare = parts.path[len(source) + 1 :] or "/"
    path = bare if lang_code == settings.LANGUAGE_CODE else f"/{lang_code}{bare}"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def nav_items(section: str) -> list[dict[str, Any]]:
    """Main navigation; an entry whose URL is not mounted is left out."""
    items = []
    for url_name, label, key in (
        ("home", _("Beranda"), "home"),
        ("catalog:list", _("Katalog Layanan"), "catalog"),
    ):
        try:
            href = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"href": href, "label": label, "active": section == key})
    items.append({"href": "/api/v1/docs", "label": _("API"), "active": False})
    return items


def site(request: HttpRequest) -> dict[str, Any]:
    current = translation.get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    languages = [
        {
            "code": code,
            "name": translation.get_language_info(code)["name_local"],
            "url": language_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    match = getattr(request, "resolver_match", None)
    section = ""
    if match is not None:
        section = match.namespace or match.url_name or ""
    return {
        "SITE_NAME": settings.LAYANAN_SITE_NAME,
        "REGION_NAME": region_name(),
        "LANGUAGE_LINKS": languages,
        "NAV_ITEMS": nav_items(section),
    }
