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
