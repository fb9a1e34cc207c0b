"""Back office for the catalog. Every write goes through ``layanan.catalog.services``.

Scope: an admin unit sees and edits only the services of their units, an admin sistem all of
them, an auditor reads everything. Published and archived versions are read-only; editing means
"Buat draf baru" on the service, changing the draft, then "Terbitkan".
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from layanan.accounts.models import OrgUnit
from layanan.catalog import domain, selectors, services
from layanan.catalog.models import (
    Category,
    FormField,
    MaklumatPelayanan,
    RequiredDocument,
    Service,
    ServiceVersion,
)


def _can_read(request: HttpRequest) -> bool:
    ids = selectors.catalog_read_unit_ids(request.user)
    return ids is None or bool(ids)


def _can_edit_any(request: HttpRequest) -> bool:
    ids = selectors.catalog_edit_unit_ids(request.user)
    return ids is None or bool(ids)


def _report(request: HttpRequest, exc: Exception) -> None:
    message = getattr(exc, "message", None) or (exc.args[0] if exc.args else str(exc))
    messages.error(request, str(message))


class ScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Permissions from roles per unit (not Django model permissions)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _can_read(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _can_read(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _can_edit_any(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- categories -------------------------------------------------------------------------------


@admin.register(Category)
class CategoryAdmin(ScopedAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "slug"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return selectors.can_manage_categories(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return selectors.can_manage_categories(request.user)

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        saved, _created = services.category_upsert(
            actor=request.user,
            slug=obj.slug,
            name=obj.name,
            description=obj.description,
            order=obj.order,
        )
        obj.pk = saved.pk


# --- services ---------------------------------------------------------------------------------


class ServiceAddForm(forms.ModelForm):  # type: ignore[type-arg]
    name = forms.CharField(label=_("nama layanan"), max_length=200)

    class Meta:
        model = Service
        fields = ["code", "unit", "category"]


class VersionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ServiceVersion
    fields = ["link", "status", "published_at"]
    readonly_fields = ["link", "status", "published_at"]
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    @admin.display(description=_("versi"))
    def link(self, obj: ServiceVersion) -> str:
        url = reverse("admin:catalog_serviceversion_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj)


@admin.register(Service)
class ServiceAdmin(ScopedAdmin):
    list_display = ["code", "published_name", "unit", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["code", "versions__name"]
    inlines = [VersionInline]
    actions = ["make_draft"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Service]:
        return selectors.service_list_for_staff(viewer=request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return _can_edit_any(request)
        return selectors.can_edit_unit(request.user, obj.unit)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kw: Any):  # type: ignore[no-untyped-def]
        if obj is None:
            kw["form"] = ServiceAddForm
        form = super().get_form(request, obj, change=change, **kw)
        unit_field = form.base_fields.get("unit")
        ids = selectors.catalog_edit_unit_ids(request.user)
        if unit_field is not None and ids is not None:
            unit_field.queryset = OrgUnit.objects.filter(pk__in=ids)  # type: ignore[attr-defined]
        return form

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["code", "name", "unit", "category"]
        return ["code", "unit", "category", "is_active"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj is not None else []

    @admin.display(description=_("nama terbit"))
    def published_name(self, obj: Service) -> str:
        version = obj.versions.filter(status=ServiceVersion.Status.PUBLISHED).first()
        return version.name if version else "—"

    def save_model(self, request: HttpRequest, obj: Service, form: Any, change: bool) -> None:
        try:
            if change:
                services.service_update(
                    actor=request.user,
                    service=obj,
                    category=form.cleaned_data["category"],
                    unit=form.cleaned_data["unit"],
                    is_active=form.cleaned_data["is_active"],
                )
            else:
                draft = services.service_create(
                    actor=request.user,
                    code=form.cleaned_data["code"],
                    unit=form.cleaned_data["unit"],
                    category=form.cleaned_data["category"],
                    content={"name": form.cleaned_data["name"]},
                )
                obj.pk = draft.service.pk
        except (services.CatalogError, PermissionDenied) as exc:
            _report(request, exc)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None  # versions are managed through their own page

    @admin.action(description=_("Buat draf baru dari versi terbit"))
    def make_draft(self, request: HttpRequest, queryset: QuerySet[Service]) -> None:
        for service in queryset:
            try:
                draft = services.version_draft_create(actor=request.user, service=service)
                messages.success(request, gettext("Draf siap disunting: %(v)s") % {"v": str(draft)})
            except (services.CatalogError, PermissionDenied) as exc:
                _report(request, exc)


class DraftOnlyInlineMixin:
    extra = 0

    def _editable(self, obj: Any) -> bool:
        return obj is not None and obj.status == ServiceVersion.Status.DRAFT

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and selectors.can_edit_unit(request.user, obj.service.unit)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


class FormFieldFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        rows = [
            f.cleaned_data
            for f in self.forms
            if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
        ]
        rows.sort(key=lambda r: r.get("order") or 0)
        specs = [selectors.form_field_spec(r) for r in rows]
        errors = domain.validate_form_definition(specs)
        if errors:
            raise forms.ValidationError(
                [f"{specs[i].name}: {m}" for i, msgs in errors.items() for m in msgs]
            )


class RequiredDocumentInline(DraftOnlyInlineMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = RequiredDocument
    fields = ["order", "name", "description", "is_mandatory", "original_required"]


class FormFieldInline(DraftOnlyInlineMixin, admin.StackedInline):  # type: ignore[type-arg]
    model = FormField
    formset = FormFieldFormSet
    fields = [
        ("order", "name", "label", "field_type", "required"),
        "help_text",
        "choices",
        ("min_value", "max_value", "min_length", "max_length", "regex"),
        ("show_if_field", "show_if_value"),
    ]


@admin.register(ServiceVersion)
class ServiceVersionAdmin(ScopedAdmin):
    list_display = ["name", "service", "number", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["name", "service__code"]
    inlines = [RequiredDocumentInline, FormFieldInline]
    actions = ["publish"]
    fieldsets = [
        (None, {"fields": ["service", "number", "status", "published_at", "published_by"]}),
        (
            _("Standar pelayanan (dipublikasikan)"),
            {
                "fields": [
                    "name",
                    "summary",
                    "keywords",
                    "channel",
                    "requirements",
                    "procedure",
                    ("sla_working_days", "sla_note"),
                    ("fee_amount", "fee_legal_basis", "fee_note"),
                    "product",
                    "complaint_handling",
                ]
            },
        ),
        (
            _("Komponen pengelolaan"),
            {"fields": list(domain.MANUFACTURING_FIELDS)},
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServiceVersion]:
        return selectors.version_list_for_staff(viewer=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # versions are created from the service ("Buat draf baru")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return _can_edit_any(request)
        return obj.is_draft and selectors.can_edit_unit(request.user, obj.service.unit)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (
            obj is not None
            and obj.is_draft
            and obj.number > 1
            and selectors.can_edit_unit(request.user, obj.service.unit)
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fixed = ["service", "number", "status", "published_at", "published_by"]
        if obj is None or obj.is_draft:
            return fixed
        return fixed + list(services.VERSION_CONTENT_FIELDS)

    def save_model(
        self, request: HttpRequest, obj: ServiceVersion, form: Any, change: bool
    ) -> None:
        content = {k: form.cleaned_data[k] for k in form.changed_data if k in form.cleaned_data}
        try:
            services.version_draft_update(actor=request.user, version=obj, content=content)
        except (services.CatalogError, PermissionDenied) as exc:
            _report(request, exc)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Replace the draft's documents or form fields through the service (not formset.save)."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        rows = [
            f.cleaned_data
            for f in formset.forms
            if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
        ]
        rows.sort(key=lambda r: r.get("order") or 0)
        if formset.model is RequiredDocument:
            names: tuple[str, ...] = services.DOCUMENT_FIELDS
            key = "documents"
        else:
            names = services.FORM_FIELD_FIELDS
            key = "form_fields"
        data = [{n: r.get(n) if r.get(n) is not None else _blank(n) for n in names} for r in rows]
        try:
            if key == "documents":
                services.version_draft_update(
                    actor=request.user, version=form.instance, documents=data
                )
            else:
                services.version_draft_update(
                    actor=request.user, version=form.instance, form_fields=data
                )
        except (services.CatalogError, PermissionDenied) as exc:
            _report(request, exc)

    def delete_model(self, request: HttpRequest, obj: ServiceVersion) -> None:
        services.version_draft_delete(actor=request.user, version=obj)

    @admin.action(description=_("Terbitkan draf terpilih"))
    def publish(self, request: HttpRequest, queryset: QuerySet[ServiceVersion]) -> None:
        for version in queryset:
            try:
                services.version_publish(actor=request.user, version=version)
                messages.success(request, gettext("Terbit: %(v)s") % {"v": version.name})
            except (services.CatalogError, PermissionDenied) as exc:
                _report(request, exc)


_NULLABLE = {"min_value", "max_value", "min_length", "max_length", "staff_count"}


def _blank(name: str) -> Any:
    return None if name in _NULLABLE else ""


@admin.register(MaklumatPelayanan)
class MaklumatAdmin(ScopedAdmin):
    list_display = ["unit", "signed_on", "signed_by_name"]
    fields = ["unit", "signed_on", "text", "signed_by_name", "signed_by_title"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[MaklumatPelayanan]:
        return selectors.maklumat_list_for_staff(viewer=request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return _can_edit_any(request)
        return selectors.can_edit_unit(request.user, obj.unit)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["unit", "signed_on"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "unit":
            ids = selectors.catalog_edit_unit_ids(request.user)
            if ids is not None:
                kwargs["queryset"] = OrgUnit.objects.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: MaklumatPelayanan, form: Any, change: bool
    ) -> None:
        try:
            saved, _created = services.maklumat_upsert(
                actor=request.user,
                unit=obj.unit,
                signed_on=obj.signed_on,
                text=obj.text,
                signed_by_name=obj.signed_by_name,
                signed_by_title=obj.signed_by_title,
            )
            obj.pk = saved.pk
        except (services.CatalogError, PermissionDenied) as exc:
            _report(request, exc)
