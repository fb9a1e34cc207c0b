"""Cache of the public, read-only views of the catalog (the service-detail API payload).

Every catalog write bumps a generation counter after it commits (``catalog_cache_bump``); a
cached payload carries the generation it was built at and is used only while that is still the
current one, so a publish is visible at once on every web node. A TTL bounds what a change made
outside the catalog services (a unit's contact details) can leave stale.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

GENERATION_KEY = "catalog:generation"
PAYLOAD_TTL = 300


def catalog_cache_bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates older payloads
        cache.set(GENERATION_KEY, 1, timeout=None)


def cached_payload(key: str) -> tuple[Any | None, int]:
    """(payload or None, current generation) with one cache round trip."""
    found = cache.get_many([key, GENERATION_KEY])
    generation = int(found.get(GENERATION_KEY) or 0)
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1], generation
    return None, generation


def store_payload(key: str, generation: int, payload: Any) -> None:
    cache.set(key, (generation, payload), timeout=PAYLOAD_TTL)
