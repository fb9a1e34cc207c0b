"""Read-only back office for the audit log: nobody may add, change or delete events.

Visible to superusers and to staff holding the ``admin_sistem`` or ``auditor`` role.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from layanan.audit.domain import EVENT_FIELDS
from layanan.audit.models import AuditEvent, SignedTreeHead
from layanan.audit.selectors import GLOBAL_AUDIT_ROLES
from layanan.core.admin import ReadOnlyAdmin


def _may_read_log(request: HttpRequest) -> bool:
    user: Any = request.user
    if not (user.is_active and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    return bool(user.memberships.filter(role__in=GLOBAL_AUDIT_ROLES).exists())


class ReadOnlyAuditAdmin(ReadOnlyAdmin):
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_read_log(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _may_read_log(request)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAuditAdmin):
    list_display = (
        "id",
        "seq",
        "occurred_at",
        "action",
        "actor_label",
        "role",
        "unit_slug",
        "object_type",
        "object_id",
    )
    list_filter = ("action", "unit_slug", "object_type", "occurred_at")
    search_fields = ("=object_id", "=request_id")
    date_hierarchy = "occurred_at"
    # the logged fields themselves (the leaf content), after the log position and hash
    readonly_fields = ("id", "seq", "leaf_hash_hex", *EVENT_FIELDS[1:])
    fields = readonly_fields
    show_full_result_count = False

    @admin.display(description=_("hash daun"))
    def leaf_hash_hex(self, obj: AuditEvent) -> str:
        return bytes(obj.leaf_hash).hex()


@admin.register(SignedTreeHead)
class SignedTreeHeadAdmin(ReadOnlyAuditAdmin):
    list_display = ("id", "tree_size", "root_hex", "timestamp_ms", "key_id", "created_at")
    fields = ("id", "tree_size", "root_hex", "timestamp_ms", "key_id", "created_at")
    readonly_fields = fields

    @admin.display(description=_("hash akar"))
    def root_hex(self, obj: SignedTreeHead) -> str:
        return bytes(obj.root_hash).hex()
