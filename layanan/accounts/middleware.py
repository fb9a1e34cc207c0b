"""Staff must use TOTP: a signed-in member of staff without it may only set it up."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from layanan.accounts.security import staff_needs_totp

# Pages a staff member without TOTP may still open.
ALLOWED_URL_NAMES = frozenset(
    {
        "mfa_activate_totp",
        "mfa_index",
        "mfa_reauthenticate",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "account_logout",
        "account_reauthenticate",
        "account_login",
        "set_language",
        "healthz",
    }
)
ALLOWED_PREFIXES = ("/static/", "/media/", "/i18n/")


class StaffMfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and staff_needs_totp(user)
        ):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in ALLOWED_URL_NAMES:
                if request.path_info.startswith("/api/"):
                    return JsonResponse(
                        {
                            "code": "mfa_required",
                            "message": _("Petugas wajib mengaktifkan autentikasi dua faktor."),
                        },
                        status=403,
                    )
                messages.warning(
                    request,
                    _(
                        "Petugas wajib memakai autentikasi dua faktor (TOTP). Aktifkan dulu "
                        "sebelum melanjutkan."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
