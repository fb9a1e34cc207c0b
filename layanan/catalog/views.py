"""Public catalog pages: list with search and filters, service standard, unit with Maklumat."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from layanan.catalog import selectors
from layanan.catalog.forms import CatalogSearchForm
from layanan.core.calendar import default_calendar

PAGE_SIZE = 10


def service_list(request: HttpRequest) -> HttpResponse:
    form = CatalogSearchForm(request.GET or None)
    q = unit = category = ""
    if form.is_valid():
        q = form.cleaned_data["q"]
        unit = form.cleaned_data["unit"]
        category = form.cleaned_data["category"]
    results = selectors.service_search(q=q, unit_slug=unit or None, category_slug=category or None)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalog/list.html",
        {
            "form": form,
            "page": page,
            "q": q,
            "filter_query": query.urlencode(),
            "filtered": bool(q or unit or category),
        },
    )


def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.service_get_published(code=code)
    if version is None:
        raise Http404(code)
    unit = version.service.unit
    calendar = default_calendar(unit.region_id)
    today = timezone.localdate()
    return render(
        request,
        "catalog/detail.html",
        {
            "version": version,
            "service": version.service,
            "unit": unit,
            "today": today,
            "expected": calendar.add_working_days(today, version.sla_working_days),
            "documents": list(version.documents.all()),
            "maklumat": selectors.maklumat_current(unit=unit),
        },
    )


def unit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    unit = selectors.unit_get_public(slug=slug)
    if unit is None:
        raise Http404(slug)
    return render(
        request,
        "catalog/unit.html",
        {
            "unit": unit,
            "maklumat": selectors.maklumat_current(unit=unit),
            "services": selectors.unit_services(unit=unit),
        },
    )
