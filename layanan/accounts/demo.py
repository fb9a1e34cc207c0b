"""Demo accounts, one per role, for ``layanan demo``. Labelled ``is_demo=True``; the password is
public (``demo12345``) and these accounts must never exist in production."""

from __future__ import annotations

from typing import Any, TextIO

from allauth.account.models import EmailAddress
from django.db import transaction

from layanan.accounts.models import CitizenProfile, Membership, OrgUnit, User
from layanan.audit.services import audit_record
from layanan.core.models import Region

DEMO_PASSWORD = "demo12345"
Role = Membership.Role

# (label, email, full name, role, unit slug, NIK for citizens)
DEMO_USERS: list[tuple[str, str, str, str | None, str | None, str]] = [
    ("Warga", "warga@demo.layanan.id", "Budi Santoso (demo)", None, None, "1803021708900001"),
    ("Warga 2", "warga2@demo.layanan.id", "Siti Aminah (demo)", None, None, "1803015505920002"),
    (
        "Operator",
        "operator@demo.layanan.id",
        "Operator Kecamatan Kotabumi (demo)",
        Role.OPERATOR,
        "kecamatan-kotabumi",
        "",
    ),
    (
        "Verifikator",
        "verifikator@demo.layanan.id",
        "Verifikator Disdukcapil (demo)",
        Role.VERIFIKATOR,
        "disdukcapil",
        "",
    ),
    (
        "Kepala",
        "kepala@demo.layanan.id",
        "Kepala Disdukcapil (demo)",
        Role.KEPALA,
        "disdukcapil",
        "",
    ),
    (
        "Admin unit",
        "admin.unit@demo.layanan.id",
        "Admin DPMPTSP (demo)",
        Role.ADMIN_UNIT,
        "dpmptsp",
        "",
    ),
    (
        "Admin sistem",
        "admin@demo.layanan.id",
        "Admin Sistem Pemkab (demo)",
        Role.ADMIN_SISTEM,
        "pemkab-lampung-utara",
        "",
    ),
    (
        "Auditor",
        "auditor@demo.layanan.id",
        "Auditor Inspektorat (demo)",
        Role.AUDITOR,
        "pemkab-lampung-utara",
        "",
    ),
]


def _say(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def load_demo_users(*, stdout: TextIO | None = None) -> list[tuple[str, str, str]]:
    """Create (or refresh) the demo accounts; returns ``(role label, login, password)``.

    Idempotent. Units come from the catalog demo loader, which runs first; a missing unit is
    reported and its account is created without the role.
    """
    result: list[tuple[str, str, str]] = []
    with transaction.atomic():
        for label, email, full_name, role, unit_slug, nik in DEMO_USERS:
            user = User.objects.filter(email=email).first()
            created = user is None
            if user is None:
                user = User(username=email.split("@")[0].replace(".", "-") + "-demo", email=email)
            user.full_name = full_name
            user.is_demo = True
            user.is_active = True
            user.is_staff = role == Role.ADMIN_SISTEM
            if created or not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if role and unit_slug:
                unit = OrgUnit.objects.filter(slug=unit_slug).first()
                if unit is None:
                    _say(stdout, f"demo: unit {unit_slug} missing; {email} has no role")
                else:
                    Membership.objects.get_or_create(user=user, unit=unit, role=role)
            if nik:
                _demo_profile(user, nik)
            if created:
                audit_record(
                    actor=None, action="demo.user_create", obj=user, summary={"label": label}
                )
            result.append((label, email, DEMO_PASSWORD))
    _say(stdout, f"demo: {len(result)} demo accounts ready (password {DEMO_PASSWORD})")
    return result


def _demo_profile(user: User, nik: str) -> None:
    profile, _ = CitizenProfile.objects.get_or_create(user=user)
    fields: dict[str, Any] = {}
    if profile.nik != nik:
        fields["nik"] = nik
    if not profile.address:
        fields["address"] = "Jl. Contoh No. 1, RT 01/RW 02 (alamat demo)"
    kecamatan = Region.objects.filter(code=f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}").first()
    if kecamatan is not None and profile.kecamatan_id != kecamatan.pk:
        fields["kecamatan"] = kecamatan
    if fields:
        for key, value in fields.items():
            setattr(profile, key, value)
        profile.save()
