"""Session-wide test setup shared by every test package."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations() -> None:
    """English pages need compiled catalogues, exactly as the demo and deploy steps build them."""
    if shutil.which("msgfmt"):
        from layanan.core.i18n import compile_translations

        compile_translations()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Bahasa Indonesia), whatever ran before it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (only this run's keys: the prefix is per process)."""
    from django.core.cache import cache

    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()
