"""Writes to the catalog. Every function checks permissions, is atomic and is audited.

Versioning rule: a published (or archived) :class:`ServiceVersion` is never modified. Editing a
service means creating a draft (a copy of the current version with its documents and form fields),
changing the draft, then publishing it, which archives the previously published version.

``actor=None`` is the system (demo loader, data import) and may write everything.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.accounts.models import OrgUnit
from layanan.audit.services import audit_record as _audit_record
from layanan.catalog import domain, selectors
from layanan.catalog.cache import catalog_cache_bump
from layanan.catalog.models import (
    Category,
    FormField,
    MaklumatPelayanan,
    RequiredDocument,
    Service,
    ServiceVersion,
)

VERSION_CONTENT_FIELDS: tuple[str, ...] = (
    "name",
    "summary",
    "keywords",
    "channel",
    "requirements",
    "procedure",
    "sla_working_days",
    "sla_note",
    "fee_amount",
    "fee_legal_basis",
    "fee_note",
    "product",
    "complaint_handling",
    *domain.MANUFACTURING_FIELDS,
)
DOCUMENT_FIELDS: tuple[str, ...] = ("name", "description", "is_mandatory", "original_required")
FORM_FIELD_FIELDS: tuple[str, ...] = (
    "name",
    "label",
    "field_type",
    "required",
    "help_text",
    "choices",
    "min_value",
    "max_value",
    "min_length",
    "max_length",
    "regex",
    "show_if_field",
    "show_if_value",
)


class CatalogError(Exception):
    """A catalog rule was broken; ``code`` is stable, ``message`` is translated."""

    def __init__(self, code: str, message: str, errors: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.errors = errors


def audit_record(**kwargs: Any) -> Any:
    """Audit a catalog write and, once it commits, invalidate cached public views of the catalog."""
    transaction.on_commit(catalog_cache_bump)
    return _audit_record(**kwargs)


def _require_edit(actor: Any, unit: OrgUnit) -> None:
    if actor is None:
        return
    if not selectors.can_edit_unit(actor, unit):
        raise PermissionDenied(_("Anda tidak berhak mengubah layanan unit ini."))


def _require_draft(version: ServiceVersion) -> None:
    if version.status != ServiceVersion.Status.DRAFT:
        raise CatalogError(
            "version_immutable",
            _("Versi yang sudah terbit atau diarsipkan tidak dapat diubah. Buat draf baru."),
        )


def _locked(version: ServiceVersion) -> ServiceVersion:
    """Re-read the version under a row lock so concurrent edits cannot slip past the checks.

    Only the version row is locked (``of=("self",)``): the joined service and unit are read, not
    locked, so edits to different services of one unit do not queue behind each other.
    """
    return (
        ServiceVersion.objects.select_for_update(of=("self",))
        .select_related("service__unit")
        .get(pk=version.pk)
    )


def _unknown(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    extra = set(fields) - set(allowed)
    if extra:
        raise CatalogError(
            "unknown_field", _("Kolom tidak dikenal: %(names)s.") % {"names": ", ".join(extra)}
        )


# --- categories and services ------------------------------------------------------------------


def category_upsert(
    *, actor: Any, slug: str, name: str, description: str = "", order: int = 0
) -> tuple[Category, bool]:
    if actor is not None and not selectors.can_manage_categories(actor):
        raise PermissionDenied(_("Hanya admin sistem yang dapat mengubah kategori."))
    values = {"name": name, "description": description, "order": order}
    with transaction.atomic():
        category = Category.objects.select_for_update().filter(slug=slug).first()
        if category is None:
            category = Category.objects.create(slug=slug, **values)
            audit_record(
                actor=actor, action="catalog.category.create", obj=category, summary={"slug": slug}
            )
            return category, True
        changed = sorted(k for k, v in values.items() if getattr(category, k) != v)
        if changed:
            for key in changed:
                setattr(category, key, values[key])
            category.save()
            audit_record(
                actor=actor,
                action="catalog.category.update",
                obj=category,
                summary={"fields": changed},
            )
        return category, False


def service_create(
    *,
    actor: Any,
    code: str,
    unit: OrgUnit,
    category: Category,
    content: dict[str, Any],
) -> ServiceVersion:
    """Create a service and its first (draft) version; returns the draft."""
    _require_edit(actor, unit)
    _unknown(content, VERSION_CONTENT_FIELDS)
    if not str(content.get("name", "")).strip():
        raise CatalogError("name_required", _("Nama layanan wajib diisi."))
    with transaction.atomic():
        if Service.objects.filter(code=code).exists():
            raise CatalogError(
                "code_taken", _("Kode layanan “%(code)s” sudah dipakai.") % {"code": code}
            )
        service = Service.objects.create(code=code, unit=unit, category=category)
        version = ServiceVersion.objects.create(service=service, number=1, **content)
        audit_record(
            actor=actor,
            action="catalog.service.create",
            obj=service,
            summary={"code": code, "unit": unit.slug},
            unit_slug=unit.slug,
        )
    return version


def service_update(
    *,
    actor: Any,
    service: Service,
    category: Category | None = None,
    is_active: bool | None = None,
    unit: OrgUnit | None = None,
) -> Service:
    """Change what is not versioned: category, active flag, owning unit."""
    _require_edit(actor, service.unit)
    if unit is not None:
        _require_edit(actor, unit)
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        changed: dict[str, Any] = {}
        for key, value in (("category", category), ("is_active", is_active), ("unit", unit)):
            if value is not None and getattr(service, key) != value:
                changed[key] = value
        if changed:
            for key, value in changed.items():
                setattr(service, key, value)
            service.save()
            _reindex(service)
            audit_record(
                actor=actor,
                action="catalog.service.update",
                obj=service,
                summary={"fields": sorted(changed)},
                unit_slug=service.unit.slug,
            )
    return service


# --- versions ---------------------------------------------------------------------------------


def version_snapshot(version: ServiceVersion) -> dict[str, Any]:
    """Content of a version (fields, documents, form fields) as plain data, for copy/compare."""
    return {
        "content": {k: getattr(version, k) for k in VERSION_CONTENT_FIELDS},
        "documents": [
            {k: getattr(d, k) for k in DOCUMENT_FIELDS}
            for d in version.documents.order_by("order", "id")
        ],
        "form_fields": [
            {k: getattr(f, k) for k in FORM_FIELD_FIELDS}
            for f in version.form_fields.order_by("order", "id")
        ],
    }


def _write_children(
    version: ServiceVersion,
    documents: list[dict[str, Any]] | None,
    form_fields: list[dict[str, Any]] | None,
) -> None:
    if documents is not None:
        for row in documents:
            _unknown(row, DOCUMENT_FIELDS)
        version.documents.all().delete()
        RequiredDocument.objects.bulk_create(
            [RequiredDocument(version=version, order=i, **row) for i, row in enumerate(documents)]
        )
    if form_fields is not None:
        for row in form_fields:
            _unknown(row, FORM_FIELD_FIELDS)
        _check_definition(form_fields)
        version.form_fields.all().delete()
        FormField.objects.bulk_create(
            [FormField(version=version, order=i, **row) for i, row in enumerate(form_fields)]
        )


def _check_definition(rows: list[dict[str, Any]]) -> None:
    specs = [selectors.form_field_spec(row) for row in rows]
    errors = domain.validate_form_definition(specs)
    if errors:
        named = {specs[i].name or str(i + 1): msgs for i, msgs in errors.items()}
        first = next(iter(named.values()))[0]
        raise CatalogError("form_definition_invalid", first, errors=named)


def version_draft_create(*, actor: Any, service: Service) -> ServiceVersion:
    """Start editing: a draft copied from the published (else latest) version.

    Returns the existing draft when there already is one.
    """
    _require_edit(actor, service.unit)
    with transaction.atomic():
        Service.objects.select_for_update().get(pk=service.pk)
        existing = service.versions.filter(status=ServiceVersion.Status.DRAFT).first()
        if existing is not None:
            return existing
        source = (
            service.versions.filter(status=ServiceVersion.Status.PUBLISHED).first()
            or service.versions.order_by("-number").first()
        )
        if source is None:
            raise CatalogError("no_version", _("Layanan ini belum mempunyai versi."))
        snap = version_snapshot(source)
        last = service.versions.order_by("-number").values_list("number", flat=True).first()
        draft = ServiceVersion.objects.create(
            service=service, number=(last or 0) + 1, **snap["content"]
        )
        _write_children(draft, snap["documents"], snap["form_fields"])
        audit_record(
            actor=actor,
            action="catalog.version.draft",
            obj=draft,
            summary={"service": service.code, "number": draft.number, "from": source.number},
            unit_slug=service.unit.slug,
        )
    return draft


def version_draft_update(
    *,
    actor: Any,
    version: ServiceVersion,
    content: dict[str, Any] | None = None,
    documents: list[dict[str, Any]] | None = None,
    form_fields: list[dict[str, Any]] | None = None,
) -> ServiceVersion:
    """Change a draft's content and/or replace its documents or form fields (drafts only)."""
    content = content or {}
    _unknown(content, VERSION_CONTENT_FIELDS)
    with transaction.atomic():
        version = _locked(version)
        _require_edit(actor, version.service.unit)
        _require_draft(version)
        if "name" in content and not str(content["name"]).strip():
            raise CatalogError("name_required", _("Nama layanan wajib diisi."))
        changed = sorted(k for k, v in content.items() if getattr(version, k) != v)
        for key in changed:
            setattr(version, key, content[key])
        if changed:
            version.save()
        _write_children(version, documents, form_fields)
        audit_record(
            actor=actor,
            action="catalog.version.update",
            obj=version,
            summary={
                "service": version.service.code,
                "number": version.number,
                "fields": changed,
                "documents": documents is not None,
                "form_fields": form_fields is not None,
            },
            unit_slug=version.service.unit.slug,
        )
    return version


def version_publish(*, actor: Any, version: ServiceVersion) -> ServiceVersion:
    """Publish a draft; the previously published version is archived."""
    with transaction.atomic():
        version = _locked(version)
        service = (
            Service.objects.select_for_update()
            .select_related("unit", "category")
            .get(pk=version.service_id)
        )
        _require_edit(actor, service.unit)
        _require_draft(version)
        rows = [{k: getattr(f, k) for k in FORM_FIELD_FIELDS} for f in version.form_fields.all()]
        _check_definition(rows)
        previous = service.versions.filter(status=ServiceVersion.Status.PUBLISHED).first()
        if previous is not None:
            previous.status = ServiceVersion.Status.ARCHIVED
            previous.save(update_fields=["status", "updated_at"])
        version.status = ServiceVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = actor if getattr(actor, "pk", None) else None
        version.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        version.service = service
        _reindex(service, version)
        audit_record(
            actor=actor,
            action="catalog.version.publish",
            obj=version,
            summary={
                "service": service.code,
                "number": version.number,
                "archived": previous.number if previous else None,
            },
            unit_slug=service.unit.slug,
        )
    return version


def version_draft_delete(*, actor: Any, version: ServiceVersion) -> None:
    with transaction.atomic():
        version = _locked(version)
        _require_edit(actor, version.service.unit)
        _require_draft(version)
        if version.number == 1:
            raise CatalogError(
                "first_version", _("Versi pertama tidak dapat dihapus; nonaktifkan layanannya.")
            )
        audit_record(
            actor=actor,
            action="catalog.version.delete",
            obj=version,
            summary={"service": version.service.code, "number": version.number},
            unit_slug=version.service.unit.slug,
        )
        version.delete()


def _reindex(service: Service, version: ServiceVersion | None = None) -> None:
    """Recompute the stored stemmed search text from the published version (derived data)."""
    if version is None:
        version = service.versions.filter(status=ServiceVersion.Status.PUBLISHED).first()
    if version is None:
        text = ""
    else:
        unit = service.unit
        text = domain.build_search_text(
            [
                version.name,
                version.keywords.replace(",", " "),
                version.summary,
                unit.name,
                unit.short_name,
                service.category.name,
            ]
        )
    if service.search_text != text:
        Service.objects.filter(pk=service.pk).update(search_text=text)
        service.search_text = text


def catalog_reindex(*, actor: Any = None) -> int:
    """Rebuild the search text of every service (after a unit rename or a stemmer upgrade)."""
    count = 0
    for service in Service.objects.select_related("unit", "category"):
        with transaction.atomic():
            _reindex(service)
        count += 1
    return count


def service_sync(
    *,
    actor: Any,
    code: str,
    unit: OrgUnit,
    category: Category,
    content: dict[str, Any],
    documents: list[dict[str, Any]],
    form_fields: list[dict[str, Any]],
) -> tuple[ServiceVersion, str]:
    """Make the published version of ``code`` equal to the given content (data import).

    Returns ``(published version, outcome)`` where outcome is ``created``, ``updated`` (a new
    version was published) or ``unchanged``. Running it twice changes nothing the second time.
    """
    wanted = {"content": content, "documents": documents, "form_fields": form_fields}
    with transaction.atomic():
        service = Service.objects.filter(code=code).first()
        if service is None:
            draft = service_create(
                actor=actor, code=code, unit=unit, category=category, content=content
            )
            draft = version_draft_update(
                actor=actor, version=draft, documents=documents, form_fields=form_fields
            )
            return version_publish(actor=actor, version=draft), "created"
        service_update(actor=actor, service=service, category=category, unit=unit)
        published = service.versions.filter(status=ServiceVersion.Status.PUBLISHED).first()
        if published is not None and _same(version_snapshot(published), wanted):
            return published, "unchanged"
        draft = version_draft_create(actor=actor, service=service)
        draft = version_draft_update(
            actor=actor,
            version=draft,
            content=content,
            documents=documents,
            form_fields=form_fields,
        )
        return version_publish(actor=actor, version=draft), "updated"


def _same(current: dict[str, Any], wanted: dict[str, Any]) -> bool:
    content = {k: wanted["content"].get(k, _default(k)) for k in VERSION_CONTENT_FIELDS}
    if {k: _norm(v) for k, v in current["content"].items()} != {
        k: _norm(v) for k, v in content.items()
    }:
        return False
    for key, names in (("documents", DOCUMENT_FIELDS), ("form_fields", FORM_FIELD_FIELDS)):
        have = [{n: _norm(row.get(n, _default(n))) for n in names} for row in current[key]]
        want = [{n: _norm(row.get(n, _default(n))) for n in names} for row in wanted[key]]
        if have != want:
            return False
    return True


def _default(name: str) -> Any:
    for model in (ServiceVersion, RequiredDocument, FormField):
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(model_field, Field):
            return model_field.get_default()
    return None


def _norm(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value.normalize()
    return value


# --- maklumat ---------------------------------------------------------------------------------


def maklumat_upsert(
    *,
    actor: Any,
    unit: OrgUnit,
    signed_on: dt.date,
    text: str,
    signed_by_name: str,
    signed_by_title: str = "",
) -> tuple[MaklumatPelayanan, bool]:
    """Create or update the unit's Maklumat Pelayanan of that date."""
    _require_edit(actor, unit)
    if not text.strip() or not signed_by_name.strip():
        raise CatalogError(
            "maklumat_incomplete", _("Isi maklumat dan nama penanda tangan wajib diisi.")
        )
    values = {"text": text, "signed_by_name": signed_by_name, "signed_by_title": signed_by_title}
    with transaction.atomic():
        row = (
            MaklumatPelayanan.objects.select_for_update()
            .filter(unit=unit, signed_on=signed_on)
            .first()
        )
        if row is None:
            row = MaklumatPelayanan.objects.create(unit=unit, signed_on=signed_on, **values)
            audit_record(
                actor=actor,
                action="catalog.maklumat.create",
                obj=row,
                summary={"unit": unit.slug},
                unit_slug=unit.slug,
            )
            return row, True
        changed = sorted(k for k, v in values.items() if getattr(row, k) != v)
        if changed:
            for key in changed:
                setattr(row, key, values[key])
            row.save()
            audit_record(
                actor=actor,
                action="catalog.maklumat.update",
                obj=row,
                summary={"unit": unit.slug, "fields": changed},
                unit_slug=unit.slug,
            )
        return row, False
