"""Reads of the catalog: public search and pages, and who may edit what."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from layanan.accounts.models import Membership, OrgUnit
from layanan.accounts.selectors import (
    GLOBAL_READ_ROLES,
    user_has_global_role,
    user_unit_ids,
)
from layanan.catalog import domain
from layanan.catalog.models import (
    Category,
    FormField,
    MaklumatPelayanan,
    RequiredDocument,
    Service,
    ServiceVersion,
)

Role = Membership.Role


# --- permissions ------------------------------------------------------------------------------


def catalog_edit_unit_ids(viewer: Any) -> set[int] | None:
    """Units whose services ``viewer`` may edit; ``None`` means every unit (admin sistem)."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return set()
    if viewer.is_superuser or user_has_global_role(viewer, [Role.ADMIN_SISTEM]):
        return None
    return user_unit_ids(viewer, [Role.ADMIN_UNIT])


def catalog_read_unit_ids(viewer: Any) -> set[int] | None:
    """Units whose catalog records ``viewer`` may see in the back office (``None`` = all)."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return set()
    if viewer.is_superuser or user_has_global_role(viewer, GLOBAL_READ_ROLES):
        return None
    return user_unit_ids(viewer)


def can_edit_unit(viewer: Any, unit: OrgUnit) -> bool:
    ids = catalog_edit_unit_ids(viewer)
    return ids is None or unit.pk in ids


def can_manage_categories(viewer: Any) -> bool:
    return catalog_edit_unit_ids(viewer) is None


def _scoped(qs: QuerySet[Any], ids: set[int] | None, unit_path: str) -> QuerySet[Any]:
    if ids is None:
        return qs
    return qs.filter(**{f"{unit_path}__in": ids})


def service_list_for_staff(*, viewer: Any) -> QuerySet[Service]:
    qs = Service.objects.select_related("unit", "category")
    return _scoped(qs, catalog_read_unit_ids(viewer), "unit_id")


def version_list_for_staff(*, viewer: Any) -> QuerySet[ServiceVersion]:
    qs = ServiceVersion.objects.select_related("service", "service__unit")
    return _scoped(qs, catalog_read_unit_ids(viewer), "service__unit_id")


def maklumat_list_for_staff(*, viewer: Any) -> QuerySet[MaklumatPelayanan]:
    qs = MaklumatPelayanan.objects.select_related("unit")
    return _scoped(qs, catalog_read_unit_ids(viewer), "unit_id")


# --- public reads -----------------------------------------------------------------------------


def _published() -> QuerySet[ServiceVersion]:
    return ServiceVersion.objects.filter(
        status=ServiceVersion.Status.PUBLISHED,
        service__is_active=True,
        service__unit__is_active=True,
    ).select_related("service", "service__unit", "service__category")


def service_search(
    *,
    q: str = "",
    unit_slug: str | None = None,
    category_slug: str | None = None,
) -> QuerySet[ServiceVersion]:
    """Published versions matching the query and filters, ordered by name.

    Every query word is stemmed (Sastrawi) and must be the beginning of a word of the service's
    stored search text, so "akta lahir" finds "Akta Kelahiran". Works the same on every database
    (plain ``LIKE`` on lower-case text).
    """
    qs = _published()
    if unit_slug:
        qs = qs.filter(service__unit__slug=unit_slug)
    if category_slug:
        qs = qs.filter(service__category__slug=category_slug)
    for token in domain.query_tokens(q):
        qs = qs.filter(service__search_text__contains=" " + token)
    return qs.order_by("name", "service__code")


def service_get_published(*, code: str) -> ServiceVersion | None:
    """The published version of service ``code`` with documents and form fields prefetched."""
    return (
        _published()
        .filter(service__code=code)
        .prefetch_related(
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("order", "id")),
            Prefetch("form_fields", queryset=FormField.objects.order_by("order", "id")),
        )
        .first()
    )


def category_list() -> QuerySet[Category]:
    return Category.objects.all()


def units_with_services() -> QuerySet[OrgUnit]:
    return (
        OrgUnit.objects.filter(
            is_active=True,
            services__is_active=True,
            services__versions__status=ServiceVersion.Status.PUBLISHED,
        )
        .distinct()
        .order_by("name")
    )


def unit_get_public(*, slug: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(slug=slug, is_active=True).select_related("parent").first()


def maklumat_current(*, unit: OrgUnit) -> MaklumatPelayanan | None:
    return MaklumatPelayanan.objects.filter(unit=unit).order_by("-signed_on").first()


def unit_services(*, unit: OrgUnit) -> QuerySet[ServiceVersion]:
    return _published().filter(service__unit=unit).order_by("name")


# --- conversions ------------------------------------------------------------------------------


def form_field_spec(obj: FormField | dict[str, Any]) -> domain.FieldSpec:
    """A :class:`domain.FieldSpec` from a model instance or a dict of the same fields."""

    def get(name: str, default: Any = None) -> Any:
        if isinstance(obj, dict):
            return obj.get(name, default)
        return getattr(obj, name, default)

    def dec(value: Any) -> Decimal | None:
        return None if value in (None, "") else Decimal(str(value))

    def num(value: Any) -> int | None:
        return None if value in (None, "") else int(value)

    return domain.FieldSpec(
        name=str(get("name", "")),
        label=str(get("label", "")),
        field_type=str(get("field_type", "")),
        required=bool(get("required", True)),
        help_text=str(get("help_text", "") or ""),
        choices=domain.parse_choices(str(get("choices", "") or "")),
        min_value=dec(get("min_value")),
        max_value=dec(get("max_value")),
        min_length=num(get("min_length")),
        max_length=num(get("max_length")),
        regex=str(get("regex", "") or ""),
        show_if_field=str(get("show_if_field", "") or ""),
        show_if_value=str(get("show_if_value", "") or ""),
    )


def version_form_specs(version: ServiceVersion) -> list[domain.FieldSpec]:
    return [form_field_spec(f) for f in version.form_fields.all()]
