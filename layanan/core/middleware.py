"""Middleware: request id for logs and audit events."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from layanan.core.context import (
    RequestContext,
    new_request_id,
    normalise_ip,
    reset_request,
    set_request,
)


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR is set by the app server; behind nginx/caddy the proxy sets X-Real-IP.
    # Whatever is not an IP address (a bad header) counts as unknown.
    return normalise_ip(request.META.get("HTTP_X_REAL_IP")) or normalise_ip(
        request.META.get("REMOTE_ADDR")
    )


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else new_request_id()
        token = set_request(RequestContext(request_id=request_id, ip=client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            reset_request(token)
        response["X-Request-ID"] = request_id
        return response


class ApiLanguageMiddleware:
    """Language negotiation for the API (``/api/``), placed after LocaleMiddleware.

    The site uses ``i18n_patterns(prefix_default_language=False)``, so LocaleMiddleware takes every
    unprefixed path as Indonesian. API clients choose with ``?lang=id|en`` or the
    ``Accept-Language`` header (or the language cookie) instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        lang = request.GET.get("lang", "")
        if lang not in dict(settings.LANGUAGES):
            lang = translation.get_language_from_request(request, check_path=False)
        request.LANGUAGE_CODE = lang
        with translation.override(lang):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        patch_vary_headers(response, ("Accept-Language",))
        return response
