"""Read-only pages over the audit log: a citizen's own history and the staff browser."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from layanan.audit import selectors
from layanan.audit.forms import EventFilterForm
from layanan.audit.models import AuditEvent

PAGE_SIZE = 50


def _page(request: HttpRequest, queryset: QuerySet[AuditEvent]) -> Page[AuditEvent]:
    paginator: Paginator[AuditEvent] = Paginator(queryset, PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


@login_required
def my_history(request: HttpRequest) -> HttpResponse:
    """Every recorded event about the signed-in citizen's records, with a proof link each."""
    events = selectors.audit_event_list_about(viewer=request.user)
    return render(
        request,
        "audit/my_history.html",
        {"page": _page(request, events), "tree_head": selectors.tree_head_latest()},
    )


@login_required
def staff_browse(request: HttpRequest) -> HttpResponse:
    """Staff and auditors browse and filter the events they may read."""
    if not selectors.audit_viewer_is_staff(viewer=request.user):
        raise PermissionDenied
    form = EventFilterForm(request.GET or None)
    events = selectors.audit_event_list(viewer=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        if data["unit"]:
            events = events.filter(unit_slug=data["unit"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        if data["object_id"]:
            events = events.filter(object_id=data["object_id"])
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            start = dt.datetime.combine(data["date_from"], dt.time.min, tzinfo=tz)
            events = events.filter(occurred_at__gte=start)
        if data["date_to"]:
            next_day = data["date_to"] + dt.timedelta(days=1)
            end = dt.datetime.combine(next_day, dt.time.min, tzinfo=tz)
            events = events.filter(occurred_at__lt=end)
    elif form.is_bound:
        events = events.none()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/staff_browse.html",
        {
            "form": form,
            "page": _page(request, events),
            "query": query.urlencode(),
            "tree_head": selectors.tree_head_latest(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
