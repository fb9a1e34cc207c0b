"""Writes to the audit log. Every state-changing service calls :func:`audit_record` inside its
own transaction, so the event and the change commit (or roll back) together."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from layanan.audit.models import AuditEvent
from layanan.core.context import current_request


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    summary: dict[str, Any] | None = None,
    role: str = "",
    unit_slug: str = "",
) -> AuditEvent:
    ctx = current_request()
    user = actor if getattr(actor, "pk", None) and getattr(actor, "is_authenticated", False) else None
    label = str(actor) if actor is not None else "system"
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=user,
        actor_label=label[:200],
        role=role,
        unit_slug=unit_slug,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary or {},
        request_id=ctx.request_id if ctx else "",
        ip=ctx.ip if ctx else None,
    )
