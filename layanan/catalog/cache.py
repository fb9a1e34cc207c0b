"""Cache of the public, read-only views of the catalog (the service-detail API payload).

Every catalog write bumps a generation counter after it commits (``catalog_cache_bump``); a
cached entry records the catalog generation and the working-day calendar generation it was built
at, and is used only while both are current, so a publish or a new local holiday is visible at
once on every web node. One cache round trip serves a request. A TTL bounds what a change made
outside the catalog services (a unit's contact details) can leave stale.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from layanan.core.calendar import GENERATION_CACHE_KEY as CALENDAR_GENERATION_KEY

GENERATION_KEY = "catalog:generation"
PAYLOAD_TTL = 300


def catalog_cache_bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates older payloads
        cache.set(GENERATION_KEY, 1, timeout=None)


def _generations(found: dict[str, Any]) -> tuple[int, int]:
    return int(found.get(GENERATION_KEY) or 0), int(found.get(CALENDAR_GENERATION_KEY) or 0)


def cached_entry(key: str) -> tuple[Any | None, tuple[int, int]]:
    """(value or None, current generations) with one cache round trip."""
    found = cache.get_many([key, GENERATION_KEY, CALENDAR_GENERATION_KEY])
    generations = _generations(found)
    entry = found.get(key)
    if entry is not None and entry[0] == generations:
        return entry[1], generations
    return None, generations


def store_entry(key: str, generations: tuple[int, int], value: Any) -> None:
    cache.set(key, (generations, value), timeout=PAYLOAD_TTL)
