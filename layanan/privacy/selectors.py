"""Privacy reads, permission-filtered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.accounts import selectors as account_selectors
from layanan.privacy import domain, services
from layanan.privacy.models import (
    Consent,
    DataSubjectRequest,
    PersonalDataAccess,
    ProcessingPurpose,
)

OVERSIGHT_ROLES = ("admin_sistem", "auditor")


def _is_self(viewer: Any, subject: Any) -> bool:
    return bool(getattr(viewer, "is_authenticated", False)) and viewer.pk == subject.pk


# --- masked or full values ------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalDataView:
    values: dict[str, str]
    is_full: bool


def personal_data_for_viewer(
    *,
    viewer: Any,
    subject: Any,
    values: dict[str, Any],
    purpose: str,
    unit: Any = None,
) -> PersonalDataView:
    """``values`` (``{"nik": ..., "phone": ...}``) masked or in full, depending on the viewer.

    Full for the subject themself and for operator/verifikator/kepala of ``unit`` (the unit
    handling the record, sub-units included); masked for everyone else, auditors included.
    A full view by someone other than the subject is logged in :class:`PersonalDataAccess`.
    Masking follows the field name (nik/kk, phone/telepon, email, birth/lahir/date, other text).
    """
    is_self = _is_self(viewer, subject)
    roles: set[str] = set()
    if not is_self and unit is not None and getattr(viewer, "is_authenticated", False):
        roles = {
            role
            for role in domain.FULL_VIEW_ROLES
            if account_selectors.user_has_role_in_unit(viewer, unit, [role])
        }
    if not domain.may_view_full(is_subject=is_self, handling_roles=roles):
        return PersonalDataView(values=domain.mask_values(values), is_full=False)
    if not is_self:
        services.personal_data_view_record(
            actor=viewer,
            subject=subject,
            fields=[k for k, v in values.items() if v not in (None, "")],
            purpose=purpose,
            role=",".join(sorted(roles)),
            unit_slug=getattr(unit, "slug", ""),
        )
    return PersonalDataView(
        values={k: domain.display_value(v) for k, v in values.items()}, is_full=True
    )


# --- access log -----------------------------------------------------------------------------


def access_log_for_subject(*, viewer: Any, subject: Any) -> QuerySet[PersonalDataAccess]:
    """Who viewed ``subject``'s full personal data and when (the subject, admin, auditor)."""
    if not _is_self(viewer, subject) and not account_selectors.user_has_global_role(
        viewer, OVERSIGHT_ROLES
    ):
        raise PermissionDenied(_("Anda tidak berhak melihat log akses ini."))
    return PersonalDataAccess.objects.filter(subject=subject).order_by("-occurred_at")


# --- purposes and consent -------------------------------------------------------------------


def purpose_list(*, consent_only: bool = False) -> QuerySet[ProcessingPurpose]:
    qs = ProcessingPurpose.objects.filter(is_active=True)
    if consent_only:
        qs = qs.filter(legal_basis=ProcessingPurpose.LegalBasis.CONSENT)
    return qs.order_by("name")


def consent_list(*, viewer: Any, user: Any) -> QuerySet[Consent]:
    if not _is_self(viewer, user) and not account_selectors.user_has_global_role(
        viewer, OVERSIGHT_ROLES
    ):
        raise PermissionDenied(_("Anda tidak berhak melihat persetujuan ini."))
    return Consent.objects.filter(user=user).select_related("purpose").order_by("-given_at")


def consent_overview(*, viewer: Any) -> list[dict[str, Any]]:
    """Each consent-based purpose with the viewer's active consent (or None)."""
    active = {
        c.purpose_id: c for c in Consent.objects.filter(user=viewer, withdrawn_at__isnull=True)
    }
    return [{"purpose": p, "consent": active.get(p.pk)} for p in purpose_list(consent_only=True)]


# --- data-subject requests ------------------------------------------------------------------


def data_subject_request_list_for_subject(*, viewer: Any) -> QuerySet[DataSubjectRequest]:
    if not getattr(viewer, "is_authenticated", False):
        return DataSubjectRequest.objects.none()
    return DataSubjectRequest.objects.filter(subject=viewer).order_by("-created_at")


def data_subject_request_list_for_staff(
    *, viewer: Any, open_only: bool = True
) -> QuerySet[DataSubjectRequest]:
    """Requests the viewer may see: all for admin sistem/auditor, else those of their units."""
    qs = DataSubjectRequest.objects.select_related("subject", "assigned_unit")
    if open_only:
        qs = qs.filter(status__in=DataSubjectRequest.OPEN_STATUSES)
    if not account_selectors.user_has_global_role(viewer, OVERSIGHT_ROLES):
        units = account_selectors.user_unit_ids(viewer)
        if not units:
            raise PermissionDenied(_("Halaman ini hanya untuk petugas."))
        qs = qs.filter(assigned_unit_id__in=units)
    return qs.order_by("due_at")


def data_subject_request_get_for_staff(*, viewer: Any, pk: int) -> DataSubjectRequest | None:
    return data_subject_request_list_for_staff(viewer=viewer, open_only=False).filter(pk=pk).first()


def overdue_count(*, viewer: Any) -> int:
    return (
        data_subject_request_list_for_staff(viewer=viewer).filter(due_at__lt=timezone.now()).count()
    )
