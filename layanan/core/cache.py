"""Generation-keyed entries in the shared cache (Redis in production).

A writer bumps a generation counter after it commits; an entry records the generations it was
built at and is used only while they are all still current. Invalidation is therefore instant on
every node, costs one ``INCR``, and a read is one ``get_many`` round trip.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.cache import cache


def generation_bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted): any new value invalidates older entries
        cache.set(key, 1, timeout=None)


def fresh_get(key: str, generation_keys: Sequence[str]) -> tuple[Any | None, tuple[int, ...]]:
    """(value or None, current generations) with one cache round trip."""
    found = cache.get_many([key, *generation_keys])
    generations = tuple(int(found.get(g) or 0) for g in generation_keys)
    entry = found.get(key)
    if entry is not None and tuple(entry[0]) == generations:
        return entry[1], generations
    return None, generations


def fresh_set(key: str, generations: tuple[int, ...], value: Any, timeout: int) -> None:
    cache.set(key, (generations, value), timeout=timeout)
