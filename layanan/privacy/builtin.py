"""Exporters and purgers that ship with the privacy context.

* ``accounts``: the user row and every one-to-one profile of the user (whatever its fields),
  without secrets (password hashes, tokens, keys). The accounts context may replace it by
  registering its own ``accounts`` exporter.
* ``privacy``: consents, data-subject requests and the log of who viewed the full data.
* ``audit``: audit events done by the user or about the user's account.
* ``notifications``: messages sent to the user (addresses masked, no bodies).

Purgers: access-log rows, closed data-subject requests, withdrawn consents, delivery logs.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from layanan.core.crypto import BlindIndexField
from layanan.privacy import registry

SECRET_WORDS = ("password", "secret", "token", "totp", "key", "hash", "recovery", "otp")


def json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "url"):  # a FieldFile
        return value.name or None
    return str(value)


def model_fields(obj: models.Model, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """Concrete field values of ``obj`` by verbose-free name, secrets left out."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        name = field.name
        if name in exclude or any(word in name.lower() for word in SECRET_WORDS):
            continue
        if isinstance(field, BlindIndexField):
            continue
        data[name] = json_value(getattr(obj, field.attname))
    return data


def export_account(user: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"user": model_fields(user, exclude=("id",))}
    for rel in user._meta.related_objects:
        if not rel.one_to_one:
            continue
        try:
            profile = getattr(user, rel.get_accessor_name())
        except rel.related_model.DoesNotExist:
            continue
        data[rel.related_model._meta.model_name] = model_fields(
            profile, exclude=("id", rel.field.name)
        )
    memberships = getattr(user, "memberships", None)
    if memberships is not None:
        data["roles"] = [
            {"role": m.role, "unit": str(m.unit)} for m in memberships.select_related("unit")
        ]
    return data


def export_privacy(user: Any) -> dict[str, Any]:
    from layanan.privacy.models import Consent, DataSubjectRequest, PersonalDataAccess

    consents = Consent.objects.filter(user=user).select_related("purpose")
    requests = DataSubjectRequest.objects.filter(subject=user)
    accesses = PersonalDataAccess.objects.filter(subject=user)
    return {
        "consents": [
            {
                "purpose": c.purpose.code,
                "purpose_name": c.purpose.name,
                "given_at": json_value(c.given_at),
                "withdrawn_at": json_value(c.withdrawn_at),
            }
            for c in consents
        ],
        "requests": [
            {
                "reference": r.reference,
                "kind": r.kind,
                "status": r.status,
                "details": r.details,
                "created_at": json_value(r.created_at),
                "due_at": json_value(r.due_at),
                "resolution": r.resolution,
                "resolved_at": json_value(r.resolved_at),
            }
            for r in requests
        ],
        "access_log": [
            {
                "occurred_at": json_value(a.occurred_at),
                "viewer": a.viewer_label,
                "role": a.role,
                "unit": a.unit_slug,
                "fields": a.fields,
                "purpose": a.purpose,
            }
            for a in accesses
        ],
    }


def export_audit(user: Any) -> list[dict[str, Any]]:
    from django.db.models import Q

    from layanan.audit.models import AuditEvent

    about_user = Q(object_type=user._meta.label_lower, object_id=str(user.pk))
    events = AuditEvent.objects.filter(Q(actor=user) | about_user).order_by("occurred_at")
    events = events[:5000]
    return [
        {
            "occurred_at": json_value(e.occurred_at),
            "actor": e.actor_label,
            "action": e.action,
            "object": f"{e.object_type}:{e.object_id}" if e.object_type else "",
            "summary": json_value(e.summary),
        }
        for e in events
    ]


def export_notifications(user: Any) -> list[dict[str, Any]]:
    from layanan.notifications.selectors import delivery_export_for_user

    return delivery_export_for_user(user)


def _purge_access_log(*, cutoff: dt.datetime, dry_run: bool) -> int:
    from layanan.privacy.models import PersonalDataAccess

    qs = PersonalDataAccess.objects.filter(occurred_at__lt=cutoff)
    return qs.count() if dry_run else qs.delete()[0]


def _purge_requests(*, cutoff: dt.datetime, dry_run: bool) -> int:
    from layanan.privacy.models import DataSubjectRequest

    qs = DataSubjectRequest.objects.filter(
        resolved_at__lt=cutoff, status__in=["resolved", "rejected"]
    )
    return qs.count() if dry_run else qs.delete()[0]


def _purge_consents(*, cutoff: dt.datetime, dry_run: bool) -> int:
    from layanan.privacy.models import Consent

    qs = Consent.objects.filter(withdrawn_at__lt=cutoff)
    return qs.count() if dry_run else qs.delete()[0]


def _purge_deliveries(*, cutoff: dt.datetime, dry_run: bool) -> int:
    from layanan.notifications.services import delivery_purge

    return delivery_purge(cutoff=cutoff, dry_run=dry_run)


def register_builtins() -> None:
    registry.register_exporter("accounts", export_account, title=_("Akun dan profil"))
    registry.register_exporter("privacy", export_privacy, title=_("Persetujuan, permintaan, akses"))
    registry.register_exporter("audit", export_audit, title=_("Jejak audit"))
    registry.register_exporter("notifications", export_notifications, title=_("Notifikasi"))
    registry.register_purger("privacy.personaldataaccess", _purge_access_log)
    registry.register_purger("privacy.datasubjectrequest", _purge_requests)
    registry.register_purger("privacy.consent", _purge_consents)
    registry.register_purger("notifications.delivery", _purge_deliveries)
