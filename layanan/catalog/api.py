"""Public API of the service catalog, mounted at /api/v1/services."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import NinjaJSONEncoder
from pydantic import Field

from layanan.api.errors import ApiError
from layanan.catalog import domain, selectors
from layanan.catalog.cache import cached_entry, store_entry
from layanan.catalog.models import ServiceVersion
from layanan.catalog.schemas import ServiceDetail, ServicePage
from layanan.core.calendar import calendar_from_overrides, calendar_overrides

router = Router(tags=["services"])


class ListFilters(Schema):
    q: str = Field("", max_length=100, description="Kata pencarian (Bahasa Indonesia).")
    unit: str | None = Field(None, description="Slug unit.")
    category: str | None = Field(None, description="Slug kategori.")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)


def _language(request: HttpRequest) -> str:
    """The language ApiLanguageMiddleware negotiated (``?lang=``, cookie, ``Accept-Language``)."""
    return translation.get_language() or "id"


def _page_url(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _fee(version: ServiceVersion, lang: str) -> dict[str, Any]:
    return {
        "amount": version.fee_amount,
        "display": domain.fee_display(version.fee_amount, lang),
        "legal_basis": version.fee_legal_basis,
        "note": version.fee_note,
    }


def _item(request: HttpRequest, version: ServiceVersion, lang: str) -> dict[str, Any]:
    service = version.service
    return {
        "code": service.code,
        "name": version.name,
        "summary": version.summary,
        "unit": {"slug": service.unit.slug, "name": service.unit.name},
        "category": {"slug": service.category.slug, "name": service.category.name},
        "sla_working_days": version.sla_working_days,
        "fee": _fee(version, lang),
        "channel": version.channel,
        "version": version.number,
        "url": request.build_absolute_uri(reverse("catalog:detail", args=[service.code])),
    }


@router.get("", response=ServicePage, summary="Daftar layanan")
def list_services(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    lang = _language(request)
    qs = selectors.service_search(
        q=filters.q, unit_slug=filters.unit, category_slug=filters.category
    )
    paginator = Paginator(qs, filters.page_size)
    try:
        page = paginator.page(filters.page)
    except EmptyPage:
        raise ApiError(
            404, "page_not_found", _("Halaman %(page)d tidak ada.") % {"page": filters.page}
        ) from None
    return {
        "count": paginator.count,
        "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": (
            _page_url(request, page.previous_page_number()) if page.has_previous() else None
        ),
        "results": [_item(request, v, lang) for v in page.object_list],
    }


@router.get("/{code}", response=ServiceDetail, summary="Standar pelayanan satu layanan")
def get_service(request: HttpRequest, code: str, submitted_on: str | None = None) -> HttpResponse:
    lang = _language(request)
    if submitted_on:
        try:
            day = dt.date.fromisoformat(submitted_on)
        except ValueError:
            raise ApiError(
                400,
                "invalid_date",
                _("Tanggal “%(value)s” tidak sah; gunakan format TTTT-BB-HH, misalnya 2026-12-07.")
                % {"value": submitted_on[:40]},
            ) from None
    else:
        day = timezone.localdate()
    key = f"catalog:detail:{code}:{lang}:{request.scheme}://{request.get_host()}"
    entry, generations = cached_entry(key)
    if entry is None:
        payload = _detail_payload(request, code, lang)
        region = payload["unit"]["region"] or None
        # the JSON without its closing brace, the SLA and the unit's calendar overrides
        entry = (json.dumps(payload)[:-1], payload["sla_working_days"], calendar_overrides(region))
        store_entry(key, generations, entry)
    head, sla_days, overrides = entry
    expected = domain.expected_completion(day, sla_days, calendar_from_overrides(overrides))
    tail = json.dumps(
        {"submitted_on": day.isoformat(), "expected_completion": expected.isoformat()}
    )
    return HttpResponse(f"{head}, {tail[1:]}", content_type="application/json")


def _detail_payload(request: HttpRequest, code: str, lang: str) -> dict[str, Any]:
    """The JSON-ready standard of ``code`` without the per-request dates (cached by the caller)."""
    version = selectors.service_get_published(code=code)
    if version is None:
        raise ApiError(
            404, "service_not_found", _("Layanan “%(code)s” tidak ditemukan.") % {"code": code}
        )
    service, unit = version.service, version.service.unit
    item = _item(request, version, lang)
    fields = []
    for f in version.form_fields.all():
        spec = selectors.form_field_spec(f)
        fields.append(
            {
                "name": spec.name,
                "label": spec.label,
                "type": spec.field_type,
                "required": spec.required,
                "help_text": spec.help_text,
                "choices": [{"value": c.value, "label": c.label} for c in spec.choices],
                "min_value": spec.min_value,
                "max_value": spec.max_value,
                "min_length": spec.min_length,
                "max_length": spec.max_length,
                "regex": spec.regex,
                "show_if": (
                    {"field": spec.show_if_field, "value": spec.show_if_value}
                    if spec.show_if_field
                    else None
                ),
            }
        )
    data = {
        **item,
        "keywords": [k.strip() for k in version.keywords.split(",") if k.strip()],
        "published_at": version.published_at,
        "unit": {
            "slug": unit.slug,
            "name": unit.name,
            "address": unit.address,
            "phone": unit.phone,
            "email": unit.email,
            "opening_hours": unit.opening_hours,
            "url": request.build_absolute_uri(reverse("catalog:unit", args=[unit.slug])),
            "region": unit.region_id,
        },
        "category": {"slug": service.category.slug, "name": service.category.name},
        "requirements": version.requirements,
        "procedure": version.procedure,
        "sla_note": version.sla_note,
        "product": version.product,
        "complaint_handling": version.complaint_handling,
        "manufacturing": {
            "legal_basis": version.legal_basis,
            "facilities": version.facilities,
            "staff_competence": version.staff_competence,
            "internal_supervision": version.internal_supervision,
            "staff_count": version.staff_count,
            "service_guarantee": version.service_guarantee,
            "security_guarantee": version.security_guarantee,
            "performance_evaluation": version.performance_evaluation,
        },
        "documents": [
            {
                "name": d.name,
                "description": d.description,
                "is_mandatory": d.is_mandatory,
                "original_required": d.original_required,
            }
            for d in version.documents.all()
        ],
        "form": fields,
        "submitted_on": dt.date.min,
        "expected_completion": dt.date.min,
    }
    detail = ServiceDetail.model_validate(data)
    payload: dict[str, Any] = json.loads(json.dumps(detail.model_dump(), cls=NinjaJSONEncoder))
    del payload["submitted_on"], payload["expected_completion"]
    return payload
