"""Delivery-log reads."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from layanan.notifications.models import Delivery


def delivery_list_for_user(*, user: Any) -> QuerySet[Delivery]:
    return Delivery.objects.filter(user=user).order_by("-created_at")


def delivery_export_for_user(user: Any) -> list[dict[str, Any]]:
    """What the data-subject export shows: masked address, purpose, status, times."""
    return [
        {
            "channel": d.channel,
            "to": d.to_masked,
            "purpose": d.purpose,
            "status": d.status,
            "created_at": d.created_at.isoformat(),
            "sent_at": d.sent_at.isoformat() if d.sent_at else None,
        }
        for d in delivery_list_for_user(user=user)[:5000]
    ]
