"""Accounts API: who am I (masked personal data)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.security import django_auth

from layanan.accounts import permissions, selectors
from layanan.accounts.schemas import MeOut
from layanan.core.crypto import mask_nik, mask_phone

router = Router(tags=["akun"])


@router.get("/saya", response=MeOut, auth=django_auth)
def me(request: HttpRequest) -> MeOut:
    user = request.user
    profile = selectors.profile_get(viewer=user)
    return MeOut(
        full_name=user.full_name,  # type: ignore[union-attr]
        email=user.email,  # type: ignore[union-attr]
        phone_masked=mask_phone(user.phone),  # type: ignore[union-attr]
        preferred_language=user.preferred_language,  # type: ignore[union-attr]
        nik_masked=mask_nik(profile.nik) if profile and profile.nik else "",
        nik_status=profile.nik_status if profile and profile.nik else None,
        is_staff=permissions.is_staff_user(user),
        roles=[
            {"unit": m.unit.slug, "role": m.role} for m in selectors.staff_memberships(viewer=user)
        ],
    )
