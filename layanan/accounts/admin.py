"""Django admin (the back office): only after TOTP, login through allauth.

Who gets in: superusers and admin sistem (everything), admin unit (the catalog of their units:
``layanan.catalog.admin`` scopes it) and auditors (the read-only audit log). Each ModelAdmin
decides per model; model permissions come from ``RolePermissionBackend`` (admin sistem only).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from layanan.accounts import permissions, services
from layanan.accounts.models import AssistedCitizen, CitizenProfile, Membership, OrgUnit, User
from layanan.accounts.security import staff_totp_ok
from layanan.core.crypto import mask_nik, mask_phone


def admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    if not (user.is_active and user.is_authenticated):
        return False
    back_office_roles = (
        Membership.Role.ADMIN_SISTEM,
        Membership.Role.ADMIN_UNIT,
        Membership.Role.AUDITOR,
    )
    if not (user.is_superuser or permissions.has_role(user, *back_office_roles)):
        return False
    return staff_totp_ok(user)


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Sign-in happens through allauth (password + TOTP); signed-in users without the right
    get 403 instead of Django's second login form."""
    if request.user.is_authenticated:
        if admin_has_permission(request):
            return HttpResponseRedirect(request.GET.get("next") or reverse("admin:index"))
        raise PermissionDenied
    query = urlencode({"next": request.GET.get("next") or reverse("admin:index")})
    return HttpResponseRedirect(f"{reverse('account_login')}?{query}")


admin.site.has_permission = admin_has_permission  # type: ignore[method-assign]
admin.site.login = admin_login  # type: ignore[method-assign]
admin.site.site_header = _("Administrasi Layanan")
admin.site.site_title = _("Administrasi Layanan")


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.action(description=_("Atur ulang TOTP (pengguna wajib mengaktifkan lagi)"))
def reset_totp(modeladmin: Any, request: HttpRequest, queryset: QuerySet[User]) -> None:
    count = 0
    for user in queryset:
        services.mfa_reset(actor=request.user, user=user, reason="admin action")
        count += 1
    modeladmin.message_user(
        request, _("TOTP diatur ulang untuk %(n)d pengguna.") % {"n": count}, messages.SUCCESS
    )


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "full_name", "email", "masked_phone", "is_demo", "is_active")
    search_fields = ("username", "full_name", "email")
    list_filter = ("is_active", "is_staff", "is_demo")
    inlines = [MembershipInline]
    actions = [reset_totp]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Data diri"), {"fields": ("full_name", "email", "preferred_language")}),
        (
            _("Hak akses"),
            {"fields": ("is_active", "is_staff", "is_superuser", "is_demo", "groups")},
        ),
        (_("Waktu"), {"fields": ("last_login", "date_joined")}),
    )

    @admin.display(description=_("nomor HP"))
    def masked_phone(self, obj: User) -> str:
        return mask_phone(obj.phone)


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "slug", "short_name")
    autocomplete_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    search_fields = ("user__username", "user__full_name", "unit__name")
    autocomplete_fields = ["user", "unit"]


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "masked_nik", "nik_status")
    list_filter = ("nik_status",)
    fields = ("user", "masked_nik", "nik_status", "nik_verified_by", "nik_verified_at")
    readonly_fields = fields

    @admin.display(description=_("NIK"))
    def masked_nik(self, obj: CitizenProfile) -> str:
        return mask_nik(obj.nik)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AssistedCitizen)
class AssistedCitizenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("full_name", "unit", "created_by", "created_at", "claimed_by")
    list_filter = ("unit",)
    fields = (
        "full_name",
        "unit",
        "masked_nik",
        "consent_version",
        "consent_at",
        "created_by",
        "created_by_role",
        "claimed_by",
        "claimed_at",
    )
    readonly_fields = fields

    @admin.display(description=_("NIK"))
    def masked_nik(self, obj: AssistedCitizen) -> str:
        return mask_nik(obj.nik)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
