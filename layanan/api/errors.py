"""API errors: JSON ``{"code": ..., "message": ...}`` with the message in the requested language.

Raise :class:`ApiError` from a router; validation errors from ninja get the same shape.
The language comes from ``?lang=`` or ``Accept-Language`` (``ApiLanguageMiddleware``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        body = {"code": exc.code, "message": str(exc.message), **exc.extra}
        return api.create_response(request, body, status=exc.status)

    @api.exception_handler(ValidationError)
    def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        body = {
            "code": "invalid_input",
            "message": _("Masukan tidak valid. Periksa kembali parameter yang dikirim."),
            "errors": exc.errors,
        }
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = {"code": "unauthenticated", "message": _("Anda harus masuk terlebih dahulu.")}
        return api.create_response(request, body, status=401)

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {403: "forbidden", 404: "not_found", 429: "rate_limited"}.get(
            exc.status_code, "error"
        )
        messages = {
            403: _("Anda tidak berhak mengakses sumber ini."),
            404: _("Data tidak ditemukan."),
            429: _("Terlalu banyak permintaan. Coba lagi nanti."),
        }
        body = {"code": code, "message": messages.get(exc.status_code, str(exc))}
        return api.create_response(request, body, status=exc.status_code)
