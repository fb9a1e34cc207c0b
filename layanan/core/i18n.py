"""Compile the translation catalogues shipped in the package (``layanan/**/locale``).

Called at install time by ``layanan demo``, by the test session and by the deploy steps
(``layanan compile_translations``). Only catalogues whose ``.mo`` is missing or older than the
``.po`` are compiled. Needs GNU gettext's ``msgfmt`` (Debian package ``gettext``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def catalogues() -> list[Path]:
    return sorted(PACKAGE_DIR.glob("**/locale/*/LC_MESSAGES/*.po"))


def compile_translations(*, force: bool = False) -> int:
    """Compile stale catalogues; returns how many were compiled. Raises if msgfmt is missing."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise RuntimeError("msgfmt not found: install GNU gettext (apt-get install gettext).")
    count = 0
    for po in catalogues():
        mo = po.with_suffix(".mo")
        if force or not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(  # noqa: S603 - fixed argv, our own files
                [msgfmt, "--check-format", "-o", str(mo), str(po)], check=True
            )
            count += 1
    return count
