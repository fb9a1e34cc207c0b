"""Cache of the public, read-only views of the catalog (the service-detail API payload).

Every catalog write bumps the catalog generation after it commits; a cached entry is used only
while both the catalog generation and the working-day calendar generation it was built at are
current (``layanan.core.cache``), so a publish or a new local holiday is visible at once on every
node. A TTL bounds what a change made outside the catalog services (a unit's contact details)
can leave stale.
"""

from __future__ import annotations

from typing import Any

from layanan.core.cache import fresh_get, fresh_set, generation_bump
from layanan.core.calendar import GENERATION_CACHE_KEY as CALENDAR_GENERATION_KEY

GENERATION_KEY = "catalog:generation"
PAYLOAD_TTL = 300
_GENERATIONS = (GENERATION_KEY, CALENDAR_GENERATION_KEY)


def catalog_cache_bump() -> None:
    generation_bump(GENERATION_KEY)


def cached_entry(key: str) -> tuple[Any | None, tuple[int, ...]]:
    """(value or None, current generations) with one cache round trip."""
    return fresh_get(key, _GENERATIONS)


def store_entry(key: str, generations: tuple[int, ...], value: Any) -> None:
    fresh_set(key, generations, value, PAYLOAD_TTL)
