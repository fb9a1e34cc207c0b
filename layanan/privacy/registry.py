"""Extension points: each context contributes its part of a data-subject export and its purger.

Exporters (right of access / portability)::

    from layanan.privacy.registry import register_exporter

    def export_accounts(user) -> dict | list:   # JSON-serialisable; dates as ISO strings
        return {"nama": user.full_name, ...}

    register_exporter("accounts", export_accounts, title=_("Akun dan profil"))

Purgers (retention)::

    from layanan.privacy.registry import register_purger

    def purge_deliveries(*, cutoff, dry_run) -> int:   # delete/anonymise rows older than cutoff
        qs = Delivery.objects.filter(created_at__lt=cutoff)
        return qs.count() if dry_run else qs.delete()[0]

    register_purger("notifications.delivery", purge_deliveries)

The retention period of a record type is the longest ``retention_days`` of the active
:class:`~layanan.privacy.models.ProcessingPurpose` rows with that ``record_type``; a record type
without such a row is never purged. Call the ``register_*`` functions from ``AppConfig.ready()``;
registering a name again replaces the earlier function (so a context can override a default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


class Purger(Protocol):
    def __call__(self, *, cutoff: dt.datetime, dry_run: bool) -> int: ...


@dataclass(frozen=True)
class Exporter:
    name: str
    function: Callable[[Any], Any]
    title: Any  # str or lazy translation


_exporters: dict[str, Exporter] = {}
_purgers: dict[str, Purger] = {}


def register_exporter(name: str, function: Callable[[Any], Any], *, title: Any = None) -> None:
    _exporters[name] = Exporter(name=name, function=function, title=title or name)


def unregister_exporter(name: str) -> None:
    _exporters.pop(name, None)


def exporters() -> list[Exporter]:
    return list(_exporters.values())


def register_purger(record_type: str, function: Purger) -> None:
    _purgers[record_type] = function


def unregister_purger(record_type: str) -> None:
    _purgers.pop(record_type, None)


def purgers() -> dict[str, Purger]:
    return dict(_purgers)
