"""Writes about users, units and roles. Every function is atomic and audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from layanan.accounts.models import OrgUnit
from layanan.audit.services import audit_record


def unit_upsert(*, actor: Any, slug: str, **fields: Any) -> tuple[OrgUnit, bool]:
    """Create or update the unit with ``slug``; returns ``(unit, created)``.

    ``parent`` may be given as an :class:`OrgUnit` or as ``parent_slug``. Idempotent: a second
    call with the same values writes nothing and records no event.
    """
    parent_slug = fields.pop("parent_slug", None)
    with transaction.atomic():
        if parent_slug:
            fields["parent"] = OrgUnit.objects.get(slug=parent_slug)
        unit = OrgUnit.objects.select_for_update().filter(slug=slug).first()
        if unit is None:
            unit = OrgUnit.objects.create(slug=slug, **fields)
            audit_record(actor=actor, action="unit.create", obj=unit, summary={"slug": slug})
            return unit, True
        changed = {
            k: v for k, v in fields.items() if getattr(unit, k if k != "parent" else "parent") != v
        }
        if changed:
            for key, value in changed.items():
                setattr(unit, key, value)
            unit.save()
            audit_record(
                actor=actor, action="unit.update", obj=unit, summary={"fields": sorted(changed)}
            )
        return unit, False
