"""Back office for the working-day calendar and the (read-only) region table."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from layanan.core.models import LocalHoliday, Region
from layanan.core.services import local_holiday_delete, local_holiday_save


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """An admin that only shows rows: they are written elsewhere (data files, services, the log)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LocalHoliday)
class LocalHolidayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("date", "name", "is_working_day", "region", "legal_basis")
    list_filter = ("is_working_day", ("date", admin.DateFieldListFilter))
    search_fields = ("name", "legal_basis")
    autocomplete_fields = ("region",)
    date_hierarchy = "date"

    def save_model(self, request: HttpRequest, obj: LocalHoliday, form: Any, change: bool) -> None:
        local_holiday_save(
            actor=request.user,
            date=obj.date,
            name=obj.name,
            is_working_day=obj.is_working_day,
            legal_basis=obj.legal_basis,
            region_code=obj.region_id,
            holiday=obj if change else None,
        )

    def delete_model(self, request: HttpRequest, obj: LocalHoliday) -> None:
        local_holiday_delete(actor=request.user, holiday=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for holiday in queryset:
            local_holiday_delete(actor=request.user, holiday=holiday)


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    """Regions come from data files (``layanan load_regions``); the admin only reads them."""

    list_display = ("code", "name", "level", "kind", "parent")
    list_filter = ("level", "kind")
    search_fields = ("code", "name")
