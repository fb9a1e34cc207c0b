"""Privacy API for the signed-in citizen: export, access log, data-subject requests."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status
from ninja.security import django_auth

from layanan.api.errors import ApiError
from layanan.privacy import selectors, services
from layanan.privacy.models import DataSubjectRequest
from layanan.privacy.schemas import AccessOut, ExportOut, RequestIn, RequestOut

router = Router(tags=["privasi"], auth=django_auth)


def _request_out(item: DataSubjectRequest) -> RequestOut:
    return RequestOut(
        id=item.pk,
        reference=item.reference,
        kind=item.kind,
        status=item.status,
        created_at=item.created_at,
        due_at=item.due_at,
        resolution=item.resolution,
    )


@router.get("/ekspor", response=ExportOut)
def export(request: HttpRequest) -> ExportOut:
    data = services.subject_export_build(actor=request.user, subject=request.user)
    return ExportOut(**data)


@router.get("/akses", response=list[AccessOut])
def access_log(request: HttpRequest) -> list[AccessOut]:
    entries = selectors.access_log_for_subject(viewer=request.user, subject=request.user)
    return [
        AccessOut(
            occurred_at=e.occurred_at,
            viewer=e.viewer_label,
            role=e.role,
            unit=e.unit_slug,
            fields=list(e.fields),
            purpose=e.purpose,
        )
        for e in entries[:500]
    ]


@router.get("/permintaan", response=list[RequestOut])
def request_list(request: HttpRequest) -> list[RequestOut]:
    items = selectors.data_subject_request_list_for_subject(viewer=request.user)
    return [_request_out(item) for item in items[:200]]


@router.post("/permintaan", response={201: RequestOut})
def request_create(request: HttpRequest, payload: RequestIn) -> Status[RequestOut]:
    try:
        item = services.data_subject_request_create(
            actor=request.user, kind=payload.kind, details=payload.details
        )
    except ValidationError as exc:
        raise ApiError(400, "invalid_request", " ".join(exc.messages)) from exc
    return Status(201, _request_out(item))
