from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from layanan.privacy.models import (
    Consent,
    DataSubjectRequest,
    PersonalDataAccess,
    ProcessingPurpose,
)


@admin.register(ProcessingPurpose)
class ProcessingPurposeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "legal_basis", "record_type", "retention_days", "is_active")
    list_filter = ("legal_basis", "is_active")
    search_fields = ("code", "name")


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "purpose", "given_at", "withdrawn_at")
    list_filter = ("purpose",)
    readonly_fields = ("user", "purpose", "given_at", "withdrawn_at", "evidence")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("occurred_at", "viewer_label", "role", "unit_slug", "subject", "purpose")
    list_filter = ("role",)
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("__str__", "subject", "status", "due_at", "overdue", "assigned_unit")
    list_filter = ("kind", "status", "assigned_unit")
    readonly_fields = ("subject", "kind", "created_at", "due_at", "resolved_at", "handled_by")
    fields = (
        "subject",
        "kind",
        "status",
        "details",
        "created_at",
        "due_at",
        "assigned_unit",
        "handled_by",
        "resolution",
        "resolved_at",
    )

    @admin.display(boolean=True, description=_("lewat batas waktu"))
    def overdue(self, obj: DataSubjectRequest) -> bool:
        return obj.is_overdue
