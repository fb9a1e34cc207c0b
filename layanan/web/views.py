"""Public pages that belong to no single context: home, about, accessibility, language switch."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from layanan.accounts.models import OrgUnit
from layanan.accounts.selectors import unit_list
from layanan.catalog import selectors as catalog_selectors
from layanan.catalog.models import ServiceVersion
from layanan.web.context_processors import language_url

# Services most residents come for (Dukcapil documents first); override per installation with
# the LAYANAN_HOME_SERVICES setting. Codes that are not published are skipped.
DEFAULT_HOME_SERVICES = (
    "akta-kelahiran",
    "kartu-keluarga",
    "ktp-el",
    "kartu-identitas-anak",
    "akta-kematian",
    "surat-pindah",
)


def home(request: HttpRequest) -> HttpResponse:
    pemda = unit_list().filter(kind=OrgUnit.Kind.PEMDA).first()
    return render(
        request,
        "web/home.html",
        {
            "popular_services": featured_services(),
            "categories": list(catalog_selectors.category_list()),
            "offices": list(catalog_selectors.units_with_services()),
            "pemda": pemda,
        },
    )


def featured_services(limit: int = 6) -> list[ServiceVersion]:
    """Services shown first on the home page: ``LAYANAN_HOME_SERVICES`` (service codes, in
    order) when set and published, else the first published services by name."""
    codes: list[str] = list(getattr(settings, "LAYANAN_HOME_SERVICES", DEFAULT_HOME_SERVICES))
    published = catalog_selectors.service_search()
    chosen = {v.service.code: v for v in published.filter(service__code__in=codes)}
    featured = [chosen[code] for code in codes if code in chosen][:limit]
    if not featured:
        featured = list(published[:limit])
    return featured


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language`` (cookie, safe ``next``), redirecting to the page's URL in the
    chosen language in both directions: Django alone cannot leave the ``/en/`` prefix because
    ``/i18n/setlang/`` itself is always served in the default language."""
    response = django_set_language(request)
    lang_code = request.POST.get("language", "")
    if response.status_code == 302 and check_for_language(lang_code):
        response["Location"] = language_url(response["Location"], lang_code)
    return response
