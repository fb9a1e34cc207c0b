"""Every translation catalogue is complete, and English pages really are English."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

PACKAGE_DIR = Path(settings.BASE_DIR) / "layanan"
CATALOGUES = sorted(PACKAGE_DIR.glob("**/locale/*/LC_MESSAGES/*.po"))


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry, header excluded; enough of the PO grammar for
    the files makemessages writes (plural entries report their first msgstr)."""
    entries: list[tuple[str, str, bool]] = []
    parts: dict[str, str] = {}
    fuzzy = pending_fuzzy = False
    key = ""

    def flush() -> None:
        if "msgid" not in parts:
            return
        msgstr = parts.get("msgstr", parts.get("msgstr[0]", ""))
        if parts["msgid"]:
            entries.append((parts["msgid"], msgstr, fuzzy))
        elif fuzzy:
            entries.append(("<header>", msgstr, True))

    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,"):
            pending_fuzzy = pending_fuzzy or "fuzzy" in line
            continue
        if line.startswith("#") or not line.strip():
            continue
        match = re.match(r'^(msgid|msgid_plural|msgctxt|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if match:
            new_entry = match.group(1) == "msgctxt" or (
                match.group(1) == "msgid" and key != "msgctxt"
            )
            key = match.group(1)
            if new_entry:
                flush()
                parts, fuzzy, pending_fuzzy = {}, pending_fuzzy, False
            parts[key] = match.group(2)
        elif line.startswith('"') and key:
            parts[key] += line[1:-1]
    flush()
    return entries


def test_project_catalogue_exists() -> None:
    assert PACKAGE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_catalogue_is_complete(po: Path) -> None:
    entries = _entries(po)
    assert entries, f"{po} has no entries"
    empty = [msgid for msgid, msgstr, _ in entries if not msgstr]
    fuzzy = [msgid for msgid, _, is_fuzzy in entries if is_fuzzy]
    assert not empty, f"untranslated in {po}: {empty[:5]}"
    assert not fuzzy, f"fuzzy in {po}: {fuzzy[:5]}"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_catalogue_compiles_cleanly(po: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr
    assert "untranslated" not in result.stderr


@pytest.mark.django_db
def test_home_page_in_english_is_english(client: Client) -> None:
    html = client.get("/en/").content.decode()
    assert '<html lang="en"' in html
    for english in (
        "Skip to main content",
        "Search for a service",
        "What you can do here",
        "Main menu",
        "Accessibility statement",
        "Search",
    ):
        assert english in html, english
    for indonesian in (
        "Langsung ke konten utama",
        "Cari layanan",
        "Yang bisa Anda lakukan",
        "Pernyataan aksesibilitas",
        "Menu utama",
    ):
        assert indonesian not in html, indonesian
