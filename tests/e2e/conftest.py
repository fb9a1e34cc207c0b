"""Browser journeys in Debian's Chromium (Playwright for Python) against pytest-django's live
server, with axe-core checks. Browsers cannot be downloaded here, so Playwright launches
``/usr/bin/chromium`` (override with ``LAYANAN_CHROMIUM``). Without it the tests are skipped,
unless ``LAYANAN_REQUIRE_BROWSER=1`` (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# (demo data, flush between tests) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LAYANAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DIST = Path(settings.BASE_DIR) / "layanan" / "static" / "dist"


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("LAYANAN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (LAYANAN_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require(
        Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    )
    _require(
        (DIST / "layanan.css").exists() and (DIST / "axe.min.js").exists(),
        "front-end assets not built: run `npm ci`",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_data(transactional_db: None) -> None:
    """Regions and the demo catalog, loaded again for each test (live_server flushes)."""
    from layanan.catalog.demo import load_demo

    call_command("load_regions", "--seed-only", verbosity=0)
    load_demo()


@pytest.fixture
def site(live_server: Any, demo_data: None) -> str:
    return str(live_server.url)


class PageWatch:
    """Collects console errors (CSP violations show up there) and failed requests."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on(
            "response",
            lambda r: self.errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None,
        )

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            self.errors.append(f"console: {msg.text}")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="id-ID", viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.watch = PageWatch(page)
    yield page
    context.close()


def axe_check(page: Any, base_url: str) -> None:
    """Run axe-core (the pinned npm copy, served from our own origin, so the page's strict CSP
    stays on) and fail on any serious or critical violation."""
    page.add_script_tag(url=f"{base_url}/static/dist/axe.min.js")
    results = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
        })"""
    )
    bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['impact']}: {v['id']} – {v['help']} ({len(v['nodes'])} nodes: "
        f"{[n['target'] for n in v['nodes'][:3]]})"
        for v in bad
    )
    assert not bad, f"axe violations on {page.url}:\n{report}"
