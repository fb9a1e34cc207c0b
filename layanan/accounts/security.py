"""Staff security checks shared by the middleware, the admin site and the workspace."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from layanan.accounts import permissions


def has_totp(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return bool(
        Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
    )


def demo_exempt(user: Any) -> bool:
    """Labelled demo staff may skip TOTP, only where the demo profile allows it."""
    return bool(getattr(settings, "LAYANAN_DEMO_STAFF_WITHOUT_TOTP", False)) and bool(
        getattr(user, "is_demo", False)
    )


def staff_needs_totp(user: Any) -> bool:
    """A signed-in member of staff who has not set up TOTP (and is not exempt)."""
    if not permissions.is_staff_user(user):
        return False
    if demo_exempt(user):
        return False
    return not has_totp(user)


def staff_totp_ok(user: Any) -> bool:
    return has_totp(user) or demo_exempt(user)
