"""Page weight of the citizen pages as a browser on 3G receives them (production profile).

    .venv/bin/python bench/page_weight.py [--keep-db]

Needs `npm ci` (built assets), PostgreSQL (``DATABASE_URL``, default
postgres://postgres@127.0.0.1:5432/layanan_bench, created when missing) and Redis. It migrates,
loads the demo data, runs collectstatic with the production storage (WhiteNoise
CompressedManifest: hashed names, .br/.gz files), starts gunicorn and fetches the home page, the
catalog and a service page plus every asset they reference with ``Accept-Encoding: br, gzip``.

"first visit" = HTML + every asset; "repeat visit" = HTML only, because assets have hashed names
served with a long ``max-age`` and ``immutable`` (checked). Bytes = response headers + body as
sent on the wire (compressed). Targets (issue #2): first visit <= 60 KB, repeat <= 15 KB.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEFAULT_DB, ROOT, ensure_database, layanan, production_env, running_server

KB = 1024
TARGET_FIRST = 60 * KB
TARGET_REPEAT = 15 * KB
PAGES = [
    ("home", "/"),
    ("catalog", "/layanan/?q=akta+lahir"),
    ("service", "/layanan/akta-kelahiran/"),
]
ONE_YEAR = 31536000


class AssetParser(HTMLParser):
    """Collects what a browser downloads for a page: stylesheets, icons, scripts, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if (
            tag == "link"
            and a.get("href")
            and {"stylesheet", "icon"} & set((a.get("rel") or "").split())
        ):
            self.urls.append(a["href"] or "")
        elif tag in ("script", "img") and a.get("src"):
            self.urls.append(a["src"] or "")


@dataclass
class Fetched:
    url: str
    status: int
    wire: int  # headers + compressed body
    body: int  # compressed body
    raw: int  # decoded body
    encoding: str
    cache_control: str
    content_type: str
    text: str


def fetch(client: httpx.Client, url: str) -> Fetched:
    with client.stream("GET", url, headers={"Accept-Encoding": "br, gzip"}) as r:
        compressed = b"".join(r.iter_raw())
        status_line = f"HTTP/1.1 {r.status_code} {r.reason_phrase}\r\n"
        head = len(status_line) + sum(len(k) + len(v) + 4 for k, v in r.headers.raw) + 2
        decoded = httpx.Response(
            r.status_code, headers=r.headers, content=compressed
        ).content  # decode br/gzip the way a browser would
        ctype = r.headers.get("content-type", "")
        return Fetched(
            url=url,
            status=r.status_code,
            wire=head + len(compressed),
            body=len(compressed),
            raw=len(decoded),
            encoding=r.headers.get("content-encoding", "identity"),
            cache_control=r.headers.get("cache-control", ""),
            content_type=ctype,
            text=decoded.decode("utf-8", "replace") if "text" in ctype else "",
        )


def css_urls(css: str, base: str) -> list[str]:
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css)
    return [urljoin(base, u) for u in found if not u.startswith("data:")]


def long_lived(cache_control: str) -> bool:
    match = re.search(r"max-age=(\d+)", cache_control)
    if match is None:
        return False
    return int(match.group(1)) >= ONE_YEAR and "immutable" in cache_control


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    if not (ROOT / "layanan" / "static" / "dist" / "layanan.css").exists():
        sys.exit("layanan/static/dist/ is missing: run `npm ci` first.")
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    ensure_database(database_url)
    env = production_env(database_url, Path(tempfile.mkdtemp(prefix="layanan-weight-")))
    print(f"database: {database_url}")
    layanan(env, "migrate", "--verbosity", "0")
    layanan(env, "load_demo")
    layanan(env, "collectstatic", "--noinput", "--verbosity", "0")

    failures: list[str] = []
    rows: list[tuple[str, int, int, float, float]] = []
    with (
        running_server("gunicorn", env, port=free_port(), workers=args.workers) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        for name, path in PAGES:
            page = fetch(client, base + path)
            if page.status != 200:
                failures.append(f"{path}: HTTP {page.status}")
            if page.encoding == "identity":
                failures.append(f"{path}: HTML not compressed")
            parser_ = AssetParser()
            parser_.feed(page.text)
            assets: list[Fetched] = []
            queue = [urljoin(base + path, u) for u in parser_.urls]
            seen: set[str] = set()
            while queue:
                url = queue.pop(0)
                if url in seen or urlsplit(url).netloc != urlsplit(base).netloc:
                    continue
                seen.add(url)
                asset = fetch(client, url)
                assets.append(asset)
                if asset.status != 200:
                    failures.append(f"{url}: HTTP {asset.status}")
                if not long_lived(asset.cache_control):
                    failures.append(f"{url}: not cached long-term ({asset.cache_control!r})")
                if "css" in asset.content_type:
                    queue += css_urls(asset.text, url)

            print(f"\n{name}: {path}")
            print(f"  {'resource':<48} {'encoding':>9} {'decoded':>9} {'on wire':>9}  cache")
            for item in [page, *assets]:
                short = urlsplit(item.url).path
                short = short if len(short) <= 48 else "…" + short[-47:]
                cache = "immutable" if long_lived(item.cache_control) else item.cache_control
                print(f"  {short:<48} {item.encoding:>9} {item.raw:>9,} {item.wire:>9,}  {cache}")
            first = page.wire + sum(a.wire for a in assets)
            repeat = page.wire
            rows.append((name, first, repeat, first / TARGET_FIRST, repeat / TARGET_REPEAT))

    print(f"\n{'page':<10} {'first visit':>12} {'ratio':>7} {'repeat visit':>13} {'ratio':>7}")
    for name, first, repeat, r_first, r_repeat in rows:
        print(
            f"{name:<10} {first / KB:>9.1f} KB {r_first:>7.2f} {repeat / KB:>10.1f} KB "
            f"{r_repeat:>7.2f}"
        )
        if first > TARGET_FIRST:
            failures.append(f"{name}: first visit {first / KB:.1f} KB > {TARGET_FIRST // KB} KB")
        if repeat > TARGET_REPEAT:
            failures.append(f"{name}: repeat visit {repeat / KB:.1f} KB > {TARGET_REPEAT // KB} KB")
    print(
        f"targets: first visit <= {TARGET_FIRST // KB} KB, repeat visit <= "
        f"{TARGET_REPEAT // KB} KB (ratio = measured / target, lower is better)"
    )
    if failures:
        print("FAIL\n  " + "\n  ".join(failures))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
