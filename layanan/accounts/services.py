"""Writes about users, units and roles. Every function is atomic and audited."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.accounts import domain, permissions
from layanan.accounts.models import AssistedCitizen, CitizenProfile, Membership, OrgUnit, User
from layanan.audit.services import audit_record
from layanan.core.crypto import blind_index
from layanan.core.models import Region
from layanan.core.nik import NikError, normalise_nik
from layanan.core.wilayah import validate_nik

logger = logging.getLogger(__name__)


def unit_upsert(*, actor: Any, slug: str, **fields: Any) -> tuple[OrgUnit, bool]:
    """Create or update the unit with ``slug``; returns ``(unit, created)``.

    ``parent`` may be given as an :class:`OrgUnit` or as ``parent_slug``. Idempotent: a second
    call with the same values writes nothing and records no event.
    """
    parent_slug = fields.pop("parent_slug", None)
    with transaction.atomic():
        if parent_slug:
            fields["parent"] = OrgUnit.objects.get(slug=parent_slug)
        unit = OrgUnit.objects.select_for_update().filter(slug=slug).first()
        if unit is None:
            unit = OrgUnit.objects.create(slug=slug, **fields)
            audit_record(actor=actor, action="unit.create", obj=unit, summary={"slug": slug})
            return unit, True
        changed = {
            k: v for k, v in fields.items() if getattr(unit, k if k != "parent" else "parent") != v
        }
        if changed:
            for key, value in changed.items():
                setattr(unit, key, value)
            unit.save()
            audit_record(
                actor=actor, action="unit.update", obj=unit, summary={"fields": sorted(changed)}
            )
        return unit, False


# --- helpers ---------------------------------------------------------------------------------


def _acting_membership(actor: Any, action: str, unit: OrgUnit | None = None) -> Membership | None:
    """The membership under which ``actor`` does ``action`` (for the audit's role and unit)."""
    rule = permissions.action_rule(action)
    if rule is None or not getattr(actor, "pk", None):
        return None
    qs = Membership.objects.filter(user_id=actor.pk, role__in=list(rule.roles)).select_related(
        "unit"
    )
    if unit is not None:
        from layanan.accounts.selectors import unit_descendant_ids

        for membership in qs:
            if unit.pk in unit_descendant_ids([membership.unit_id]):
                return membership
        return None
    return qs.order_by("id").first()


def _check_nik(nik: str) -> str:
    """Validate a NIK; raises ``ValidationError`` with the rule's message."""
    try:
        return validate_nik(nik).nik
    except NikError as exc:
        raise ValidationError({"nik": exc.message}, code=exc.code) from exc


def nik_taken_by_other(*, nik: str, user: Any) -> bool:
    index = blind_index(nik, purpose="nik")
    return CitizenProfile.objects.filter(nik_index=index).exclude(user_id=user.pk).exists()


# --- citizen profile -----------------------------------------------------------------------

PROFILE_FIELDS = ("nik", "kk_number", "address", "kecamatan", "desa", "birth_date")
USER_FIELDS = ("full_name", "email", "phone", "preferred_language")


def profile_get_or_create(*, user: User) -> CitizenProfile:
    profile, _created = CitizenProfile.objects.get_or_create(user=user)
    return profile


def profile_update(*, actor: Any, user: User, data: dict[str, Any]) -> CitizenProfile:
    """Update the citizen's own profile. Raises ``ValidationError`` (and changes nothing) on
    an invalid or already-used NIK, KK number, phone or email."""
    if actor.pk != user.pk:
        raise PermissionDenied("profile.update")
    errors: dict[str, str] = {}
    nik = normalise_nik(data.get("nik") or "")
    if nik:
        try:
            nik = _check_nik(nik)
        except ValidationError as exc:
            errors["nik"] = exc.message_dict["nik"][0]
        else:
            if nik_taken_by_other(nik=nik, user=user):
                errors["nik"] = _(
                    "NIK ini sudah terdaftar pada akun lain. Satu NIK hanya untuk satu akun; "
                    "bila ini NIK Anda, hubungi petugas layanan dengan membawa KTP."
                )
    kk = normalise_nik(data.get("kk_number") or "")
    if kk and (not kk.isdigit() or len(kk) != 16):
        errors["kk_number"] = _("Nomor KK harus terdiri dari 16 angka.")
    email = (data.get("email") or "").strip().lower() or None
    if email and User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        errors["email"] = _("Email ini sudah dipakai oleh akun lain.")
    phone = data.get("phone") or ""
    if (
        phone
        and User.objects.filter(phone_index=blind_index(phone, purpose="phone"))
        .exclude(pk=user.pk)
        .exists()
    ):
        errors["phone"] = _("Nomor HP ini sudah dipakai oleh akun lain.")
    if not email and not phone:
        errors["email"] = _("Isi email atau nomor HP agar Anda tetap bisa masuk.")
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        profile = CitizenProfile.objects.select_for_update().get_or_create(user=user)[0]
        user = User.objects.select_for_update().get(pk=user.pk)
        changed: list[str] = []
        new_values: dict[str, Any] = {
            "nik": nik,
            "kk_number": kk,
            "address": (data.get("address") or "").strip(),
            "kecamatan": data.get("kecamatan"),
            "desa": data.get("desa"),
            "birth_date": data.get("birth_date"),
        }
        for field, value in new_values.items():
            if getattr(profile, field) != value:
                setattr(profile, field, value)
                changed.append(field)
        if "nik" in changed:
            profile.nik_status = CitizenProfile.NikStatus.SELF_DECLARED
            profile.nik_verified_by = None
            profile.nik_verified_unit = None
            profile.nik_verified_at = None
        user_values: dict[str, Any] = {
            "full_name": (data.get("full_name") or "").strip(),
            "email": email,
            "phone": phone,
            "preferred_language": data.get("preferred_language") or user.preferred_language,
        }
        for field, value in user_values.items():
            if getattr(user, field) != value:
                setattr(user, field, value)
                changed.append(field)
        if "phone" in changed:
            user.phone_verified = False
        try:
            with transaction.atomic():
                profile.save()
                user.save()
        except IntegrityError as exc:  # a concurrent sign-up took the NIK/phone/email
            raise ValidationError(
                {"nik": _("NIK, email atau nomor HP ini baru saja dipakai oleh akun lain.")}
            ) from exc
        if changed:
            audit_record(
                actor=actor,
                action="profile.update",
                obj=profile,
                summary={"fields": sorted(changed)},  # names only, never the values
            )
    return profile


def nik_verify(*, actor: Any, profile: CitizenProfile) -> CitizenProfile:
    """An operator who saw the citizen's KTP marks the NIK as verified."""
    permissions.require(actor, "nik.verify")
    if not profile.nik:
        raise ValidationError(_("Profil ini belum memiliki NIK untuk diverifikasi."))
    membership = _acting_membership(actor, "nik.verify")
    with transaction.atomic():
        profile = CitizenProfile.objects.select_for_update().get(pk=profile.pk)
        profile.nik_status = CitizenProfile.NikStatus.VERIFIED
        profile.nik_verified_by = actor
        profile.nik_verified_unit = membership.unit if membership else None
        profile.nik_verified_at = timezone.now()
        profile.save()
        audit_record(
            actor=actor,
            action="profile.nik_verify",
            obj=profile,
            summary={"user_id": profile.user_id},
            role=membership.role if membership else "",
            unit_slug=membership.unit.slug if membership else "",
        )
    return profile


# --- assisted digital ----------------------------------------------------------------------


@dataclass(frozen=True)
class AssistedCreated:
    record: AssistedCitizen
    claim_code: str  # shown once, on the receipt; only its HMAC is stored


def _region(code: Any, level: int) -> Region | None:
    if not code:
        return None
    if isinstance(code, Region):
        return code if code.level == level else None
    return Region.objects.filter(code=str(code), level=level).first()


def assisted_create(
    *,
    actor: Any,
    unit: OrgUnit,
    full_name: str,
    consent: bool,
    consent_version: str = domain.ASSISTED_CONSENT_VERSION,
    nik: str = "",
    kk_number: str = "",
    address: str = "",
    kecamatan: Any = None,
    desa: Any = None,
    phone: str = "",
    birth_date: dt.date | None = None,
) -> AssistedCreated:
    """An operator records a citizen who has no account, with the citizen's consent."""
    permissions.require(actor, "assisted.create", unit)
    errors: dict[str, str] = {}
    if not consent:
        errors["consent"] = _("Warga harus menyetujui pernyataan persetujuan terlebih dahulu.")
    if consent_version != domain.ASSISTED_CONSENT_VERSION:
        errors["consent"] = _("Teks persetujuan sudah berubah; muat ulang halaman.")
    if not full_name.strip():
        errors["full_name"] = _("Isi nama lengkap warga.")
    nik = normalise_nik(nik)
    if nik:
        try:
            nik = _check_nik(nik)
        except ValidationError as exc:
            errors["nik"] = exc.message_dict["nik"][0]
    kk = normalise_nik(kk_number)
    if kk and (not kk.isdigit() or len(kk) != 16):
        errors["kk_number"] = _("Nomor KK harus terdiri dari 16 angka.")
    if errors:
        raise ValidationError(errors)
    membership = _acting_membership(actor, "assisted.create", unit)
    code = domain.new_claim_code()
    with transaction.atomic():
        record = AssistedCitizen.objects.create(  # type: ignore[misc]
            unit=unit,
            full_name=full_name.strip(),
            nik=nik,
            kk_number=kk,
            address=address.strip(),
            kecamatan=_region(kecamatan, Region.Level.KECAMATAN),
            desa=_region(desa, Region.Level.DESA),
            phone=phone,
            birth_date=birth_date,
            consent_given=True,
            consent_version=consent_version,
            consent_at=timezone.now(),
            created_by=actor,
            created_by_role=membership.role if membership else "",
            claim_code_index=blind_index(code, purpose="claim"),
            claim_code_expires_at=timezone.now() + dt.timedelta(days=domain.CLAIM_CODE_VALID_DAYS),
        )
        audit_record(
            actor=actor,
            action="assisted.create",
            obj=record,
            summary={"consent_version": consent_version, "has_nik": bool(nik)},
            role=membership.role if membership else "",
            unit_slug=unit.slug,
        )
    return AssistedCreated(record=record, claim_code=code)


CLAIM_MAX_ATTEMPTS = 5
CLAIM_WINDOW_SECONDS = 15 * 60


def assisted_claim(*, actor: Any, code: str, nik: str) -> AssistedCitizen:
    """The citizen takes an assisted record into their own account (NIK + claim code)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("assisted.claim")
    key = f"layanan:assisted-claim:{actor.pk}"
    attempts = cache.get(key, 0)
    if attempts >= CLAIM_MAX_ATTEMPTS:
        raise ValidationError(
            _("Terlalu banyak percobaan klaim. Coba lagi dalam 15 menit."), code="rate_limited"
        )
    normalised = domain.normalise_claim_code(code)
    nik = normalise_nik(nik)
    invalid = ValidationError(
        _("Kode klaim atau NIK tidak cocok, atau kode sudah dipakai/kedaluwarsa."),
        code="claim_invalid",
    )
    if not normalised or not nik:
        raise invalid
    with transaction.atomic():
        record = (
            AssistedCitizen.objects.select_for_update()
            .filter(claim_code_index=blind_index(normalised, purpose="claim"))
            .first()
        )
        ok = (
            record is not None
            and record.claimed_by_id is None
            and record.nik_index == blind_index(nik, purpose="nik")
            and (
                record.claim_code_expires_at is None
                or record.claim_code_expires_at > timezone.now()
            )
        )
        if not ok or record is None:
            cache.set(key, attempts + 1, CLAIM_WINDOW_SECONDS)
            raise invalid
        profile = CitizenProfile.objects.select_for_update().get_or_create(user=actor)[0]
        if profile.nik and profile.nik_index != record.nik_index:
            raise ValidationError(
                _("NIK pada catatan ini berbeda dengan NIK di profil Anda."), code="nik_mismatch"
            )
        if not profile.nik:
            if nik_taken_by_other(nik=nik, user=actor):
                raise ValidationError(
                    _("NIK ini sudah terdaftar pada akun lain. Hubungi petugas layanan."),
                    code="nik_taken",
                )
            profile.nik = record.nik
            profile.kk_number = profile.kk_number or record.kk_number
            profile.address = profile.address or record.address
            profile.kecamatan = profile.kecamatan or record.kecamatan
            profile.desa = profile.desa or record.desa
            profile.birth_date = profile.birth_date or record.birth_date
            profile.save()
        if not actor.full_name:
            actor.full_name = record.full_name
            actor.save(update_fields=["full_name"])
        record.claimed_by = actor
        record.claimed_at = timezone.now()
        record.claim_code_index = None  # one-time
        record.save()
        audit_record(
            actor=actor,
            action="assisted.claim",
            obj=record,
            summary={"unit": record.unit.slug},
            unit_slug=record.unit.slug,
        )
    cache.delete(key)
    return record


# --- staff security ------------------------------------------------------------------------


def mfa_reset(*, actor: Any, user: User, reason: str = "") -> int:
    """Remove every authenticator (TOTP, recovery codes) of ``user`` and end their sessions,
    so they must set TOTP up again at next sign-in. Admin sistem or superuser only."""
    if not (getattr(actor, "is_superuser", False) or permissions.can(actor, "mfa.reset")):
        raise PermissionDenied("mfa.reset")
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    membership = _acting_membership(actor, "mfa.reset")
    with transaction.atomic():
        removed, _detail = Authenticator.objects.filter(user=user).delete()
        sessions = list(UserSession.objects.filter(user=user))
        audit_record(
            actor=actor,
            action="mfa.reset",
            obj=user,
            summary={"authenticators_removed": removed, "reason": reason[:200]},
            role=membership.role if membership else ("superuser" if actor.is_superuser else ""),
            unit_slug=membership.unit.slug if membership else "",
        )
    for session in sessions:
        session.end()
    return int(removed)


def login_failure_record(*, user: User) -> None:
    """Audit a failed sign-in to an existing account (the counter itself is allauth's,
    in the cache, keyed per account; see AccountAdapter)."""
    with transaction.atomic():
        audit_record(actor=None, action="auth.login_failed", obj=user, summary={})


# --- SMS: password reset by code -----------------------------------------------------------


def sms_send(*, phone: str, message: str, purpose: str = "account") -> None:
    """Queue an SMS through ``layanan.notifications`` (sent by the worker after commit)."""
    from layanan.notifications.services import send_sms

    send_sms(to=phone, text=message, purpose=purpose)


def _sms_reset_key(user: User) -> str:
    return f"layanan:sms-reset:{user.pk}"


def sms_reset_request(*, phone: str) -> None:
    """Send a one-time code to ``phone`` if an account has it. Says nothing about whether
    it exists (no enumeration). The caller rate-limits per IP and per number."""
    from layanan.accounts.selectors import user_get_by_phone

    user = user_get_by_phone(phone=phone)
    if user is None or not user.is_active:
        return
    code = domain.new_numeric_code()
    ttl = int(getattr(settings, "LAYANAN_SMS_RESET_CODE_TTL", 600))
    cache.set(_sms_reset_key(user), {"hash": make_password(code), "attempts": 0}, ttl)
    message = _(
        "Kode atur ulang kata sandi Layanan: %(code)s. Berlaku %(minutes)s menit. "
        "Jangan berikan kepada siapa pun, termasuk petugas."
    ) % {"code": code, "minutes": ttl // 60}
    with transaction.atomic():
        audit_record(actor=None, action="auth.sms_reset_requested", obj=user, summary={})
    sms_send(phone=user.phone, message=message, purpose="password_reset")


def sms_reset_confirm(*, phone: str, code: str, new_password: str) -> User:
    """Check the code (limited attempts, expires) and set the new password."""
    from django.contrib.auth.password_validation import validate_password

    from layanan.accounts.selectors import user_get_by_phone

    invalid = ValidationError(
        {"code": _("Kode salah atau sudah kedaluwarsa. Minta kode baru.")}, code="code_invalid"
    )
    user = user_get_by_phone(phone=phone)
    if user is None:
        raise invalid
    key = _sms_reset_key(user)
    state = cache.get(key)
    if not state:
        raise invalid
    max_attempts = int(getattr(settings, "LAYANAN_SMS_RESET_MAX_ATTEMPTS", 5))
    if not check_password(code.strip(), state["hash"]):
        state["attempts"] += 1
        if state["attempts"] >= max_attempts:
            cache.delete(key)
        else:
            cache.set(key, state, int(getattr(settings, "LAYANAN_SMS_RESET_CODE_TTL", 600)))
        raise invalid
    validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        audit_record(actor=user, action="auth.password_reset_sms", obj=user, summary={})
    cache.delete(key)
    return user


def citizen_lookup_log(*, actor: Any, profile: CitizenProfile | None) -> None:
    """Audit a staff NIK lookup (found or not); the NIK itself is never logged."""
    permissions.require(actor, "citizen.lookup")
    membership = _acting_membership(actor, "citizen.lookup")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="citizen.lookup",
            obj=profile,
            summary={"found": profile is not None},
            role=membership.role if membership else "",
            unit_slug=membership.unit.slug if membership else "",
        )
