from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from layanan.notifications.models import Delivery
from layanan.notifications.services import delivery_requeue


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "created_at",
        "channel",
        "to_masked",
        "purpose",
        "status",
        "attempts",
        "provider",
    )
    list_filter = ("channel", "status", "purpose")
    search_fields = ("provider_message_id", "idempotency_key")
    fields = (
        "channel",
        "to_masked",
        "purpose",
        "status",
        "provider",
        "provider_message_id",
        "attempts",
        "error",
        "created_at",
        "sent_at",
        "idempotency_key",
    )
    readonly_fields = fields
    actions = ["requeue"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Kirim ulang yang gagal"))
    def requeue(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for delivery in queryset:
            delivery_requeue(delivery=delivery)
