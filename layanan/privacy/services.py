"""Privacy writes: access log, consent, data-subject requests, export and retention purge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.accounts import selectors as account_selectors
from layanan.audit.services import audit_record
from layanan.core.context import current_request
from layanan.notifications.services import notify_user
from layanan.privacy import domain, registry
from layanan.privacy.models import (
    Consent,
    DataSubjectRequest,
    PersonalDataAccess,
    ProcessingPurpose,
)

Progress = Callable[[str], None]


def _primary_role(actor: Any) -> str:
    roles = sorted(account_selectors.user_roles(actor))
    return ",".join(roles)[:30]


# --- access log -----------------------------------------------------------------------------


def personal_data_view_record(
    *,
    actor: Any,
    subject: Any,
    fields: Iterable[str],
    purpose: str,
    role: str = "",
    unit_slug: str = "",
) -> PersonalDataAccess:
    """Log one full (unmasked) view of ``subject``'s personal data by ``actor``."""
    ctx = current_request()
    return PersonalDataAccess.objects.create(
        occurred_at=timezone.now(),
        viewer=actor if getattr(actor, "pk", None) else None,
        viewer_label=(str(actor) if actor is not None else "system")[:200],
        role=(role or _primary_role(actor))[:30],
        unit_slug=unit_slug[:80],
        subject=subject,
        fields=sorted(set(fields)),
        purpose=purpose[:200],
        request_id=ctx.request_id if ctx else "",
        ip=ctx.ip if ctx else None,
    )


# --- purposes -------------------------------------------------------------------------------


def purpose_upsert(*, actor: Any, code: str, **values: Any) -> ProcessingPurpose:
    """Create or update a processing purpose (idempotent; used by the demo loader)."""
    if values.get("legal_basis") not in ProcessingPurpose.LegalBasis.values:
        raise ValidationError(_("Dasar pemrosesan tidak dikenal."))
    with transaction.atomic():
        purpose, created = ProcessingPurpose.objects.update_or_create(code=code, defaults=values)
        if created:
            audit_record(
                actor=actor,
                action="privacy.purpose_created",
                obj=purpose,
                summary={"code": code, "legal_basis": purpose.legal_basis},
            )
    return purpose


# --- consent --------------------------------------------------------------------------------


def consent_give(
    *, actor: Any, purpose_code: str, evidence: dict[str, Any] | None = None
) -> Consent:
    """``actor`` consents to a purpose whose legal basis is consent (idempotent when active)."""
    purpose = ProcessingPurpose.objects.filter(code=purpose_code, is_active=True).first()
    if purpose is None:
        raise ValidationError(_("Tujuan pemrosesan tidak ditemukan."))
    if purpose.legal_basis != ProcessingPurpose.LegalBasis.CONSENT:
        raise ValidationError(_("Tujuan ini tidak memerlukan persetujuan."))
    ctx = current_request()
    proof = {
        "request_id": ctx.request_id if ctx else "",
        "ip": ctx.ip if ctx else None,
        **(evidence or {}),
    }
    with transaction.atomic():
        existing = (
            Consent.objects.select_for_update()
            .filter(user=actor, purpose=purpose, withdrawn_at__isnull=True)
            .first()
        )
        if existing is not None:
            return existing
        consent = Consent.objects.create(
            user=actor, purpose=purpose, given_at=timezone.now(), evidence=proof
        )
        audit_record(
            actor=actor,
            action="privacy.consent_given",
            obj=consent,
            summary={"purpose": purpose.code},
        )
    return consent


def consent_withdraw(*, actor: Any, purpose_code: str) -> Consent | None:
    """Withdraw ``actor``'s active consent to a purpose; ``None`` when there was none."""
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update()
            .filter(user=actor, purpose__code=purpose_code, withdrawn_at__isnull=True)
            .first()
        )
        if consent is None:
            return None
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=actor,
            action="privacy.consent_withdrawn",
            obj=consent,
            summary={"purpose": purpose_code},
        )
    return consent


# --- data-subject requests ------------------------------------------------------------------


def _default_unit() -> Any:
    from layanan.accounts.models import OrgUnit

    return OrgUnit.objects.filter(kind=OrgUnit.Kind.PEMDA, is_active=True).order_by("pk").first()


def data_subject_request_create(
    *, actor: Any, kind: str, details: str = "", unit: Any = None
) -> DataSubjectRequest:
    """A citizen asks to access, correct, restrict or erase their data; due in 3×24 hours."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Anda harus masuk terlebih dahulu."))
    if kind not in DataSubjectRequest.Kind.values:
        raise ValidationError(_("Jenis permintaan tidak dikenal."))
    details = details.strip()
    if kind == DataSubjectRequest.Kind.CORRECTION and not details:
        raise ValidationError(_("Jelaskan data mana yang salah dan apa yang benar."))
    if len(details) > 4000:
        raise ValidationError(_("Uraian terlalu panjang (paling banyak 4000 karakter)."))
    now = timezone.now()
    with transaction.atomic():
        request = DataSubjectRequest.objects.create(
            subject=actor,
            kind=kind,
            details=details,
            created_at=now,
            due_at=domain.request_due_at(now),
            assigned_unit=unit or _default_unit(),
        )
        audit_record(
            actor=actor,
            action="privacy.request_created",
            obj=request,
            summary={"kind": kind, "due_at": request.due_at.isoformat()},
        )
    return request


def can_handle_request(actor: Any, request: DataSubjectRequest) -> bool:
    """Admin sistem, or a working role (not auditor) in the assigned unit or above it."""
    if account_selectors.user_has_global_role(actor, ["admin_sistem"]):
        return True
    if request.assigned_unit_id is None:
        return False
    roles = ["operator", "verifikator", "kepala", "admin_unit"]
    return request.assigned_unit_id in account_selectors.user_unit_ids(actor, roles)


def data_subject_request_update(
    *, actor: Any, request: DataSubjectRequest, status: str, resolution: str = ""
) -> DataSubjectRequest:
    """Staff move a request to in progress, resolved or rejected (with a written answer)."""
    if not can_handle_request(actor, request):
        raise PermissionDenied(_("Anda tidak berhak menangani permintaan ini."))
    if status not in DataSubjectRequest.Status.values or status == "submitted":
        raise ValidationError(_("Status tidak dikenal."))
    if not request.is_open:
        raise ValidationError(_("Permintaan ini sudah ditutup."))
    resolution = resolution.strip()
    closing = status in (DataSubjectRequest.Status.RESOLVED, DataSubjectRequest.Status.REJECTED)
    if closing and not resolution:
        raise ValidationError(_("Tuliskan tanggapan untuk subjek data."))
    with transaction.atomic():
        locked = DataSubjectRequest.objects.select_for_update().get(pk=request.pk)
        previous = locked.status
        locked.status = status
        locked.handled_by = actor
        if resolution:
            locked.resolution = resolution
        if closing:
            locked.resolved_at = timezone.now()
        locked.save()
        audit_record(
            actor=actor,
            action="privacy.request_updated",
            obj=locked,
            summary={
                "from": previous,
                "to": status,
                "overdue": timezone.now() > locked.due_at,
            },
        )
        notify_user(
            user=locked.subject,
            purpose="privacy_request_updated",
            context={
                "reference": locked.reference,
                "status": locked.get_status_display(),
                "resolution": locked.resolution if closing else "",
            },
            idempotency_key=f"privacy_request:{locked.pk}:{status}",
        )
    return locked


# --- export (right of access / portability) -------------------------------------------------


def subject_export_build(*, actor: Any, subject: Any) -> dict[str, Any]:
    """Everything held about ``subject``, section by section, from the registered exporters.

    Only the subject themself may export (staff use the request workflow). Audited.
    """
    if not getattr(actor, "is_authenticated", False) or actor.pk != subject.pk:
        raise PermissionDenied(_("Anda hanya dapat mengunduh data Anda sendiri."))
    sections: list[dict[str, Any]] = []
    for exporter in registry.exporters():
        sections.append(
            {"key": exporter.name, "title": str(exporter.title), "data": exporter.function(subject)}
        )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="privacy.export_downloaded",
            obj=subject,
            summary={"sections": [s["key"] for s in sections]},
        )
    return {
        "generated_at": timezone.now().isoformat(),
        "subject_id": subject.pk,
        "sections": sections,
    }


# --- retention ------------------------------------------------------------------------------


def retention_periods() -> dict[str, int]:
    """``{record_type: days}``: the longest retention among active purposes of each type."""
    periods: dict[str, int] = {}
    rows = ProcessingPurpose.objects.filter(is_active=True).exclude(record_type="")
    for record_type, days in rows.values_list("record_type", "retention_days"):
        if days is None:
            periods[record_type] = -1  # permanent wins over any period
        elif periods.get(record_type, 0) != -1:
            periods[record_type] = max(periods.get(record_type, 0), days)
    return {k: v for k, v in periods.items() if v >= 0}


def retention_purge(
    *,
    actor: Any = None,
    dry_run: bool = False,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Delete or anonymise expired records of every registered record type.

    Each purger runs in its own transaction; a real run (not a dry run) leaves one audit event
    ``privacy.retention_purge`` with the counts.
    """
    now = now or timezone.now()
    say = progress or (lambda _msg: None)
    periods = retention_periods()
    counts: dict[str, int] = {}
    skipped: list[str] = []
    for record_type, purger in sorted(registry.purgers().items()):
        days = periods.get(record_type)
        if days is None:
            skipped.append(record_type)
            say(f"{record_type}: no retention rule, kept")
            continue
        cutoff = now - dt.timedelta(days=days)
        with transaction.atomic():
            counts[record_type] = purger(cutoff=cutoff, dry_run=dry_run)
        verb = "would be purged" if dry_run else "purged"
        say(f"{record_type}: {counts[record_type]} {verb} (older than {days} days)")
    result = {"dry_run": dry_run, "counts": counts, "skipped": skipped, "at": now.isoformat()}
    if not dry_run:
        with transaction.atomic():
            audit_record(actor=actor, action="privacy.retention_purge", summary=result)
    return result
