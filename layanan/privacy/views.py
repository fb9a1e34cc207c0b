"""Pages under /akun/privasi/: the citizen's privacy page, export, access log, requests; and
a simple staff task list of data-subject requests."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layanan.privacy import selectors, services
from layanan.privacy.forms import DataSubjectRequestForm, RequestUpdateForm


def _filename(request: HttpRequest, ext: str) -> str:
    return f"data-pribadi-{request.user.pk}-{timezone.localdate():%Y%m%d}.{ext}"


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "consents": selectors.consent_overview(viewer=user),
        "requests": selectors.data_subject_request_list_for_subject(viewer=user)[:20],
        "recent_access": selectors.access_log_for_subject(viewer=user, subject=user)[:5],
        "form": DataSubjectRequestForm(),
    }
    return render(request, "privacy/overview.html", context)


@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    data = services.subject_export_build(actor=request.user, subject=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "json")}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export_pdf(request: HttpRequest) -> HttpResponse:
    from weasyprint import HTML

    data = services.subject_export_build(actor=request.user, subject=request.user)
    html = render_to_string(
        "privacy/export_pdf.html", {"export": data, "subject": request.user}, request=request
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "pdf")}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    entries = selectors.access_log_for_subject(viewer=request.user, subject=request.user)
    return render(request, "privacy/access_log.html", {"entries": entries[:500]})


@login_required
@require_POST
def consent_change(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("purpose", "")
    action = request.POST.get("action", "")
    try:
        if action == "give":
            services.consent_give(
                actor=request.user, purpose_code=code, evidence={"channel": "web"}
            )
            messages.success(request, _("Persetujuan Anda telah dicatat."))
        elif action == "withdraw":
            if services.consent_withdraw(actor=request.user, purpose_code=code) is None:
                messages.info(request, _("Tidak ada persetujuan aktif untuk tujuan ini."))
            else:
                messages.success(request, _("Persetujuan Anda telah ditarik."))
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("privacy:overview")


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    form = DataSubjectRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.data_subject_request_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Permintaan %(ref)s diterima. Kami menanggapi paling lambat %(due)s.")
                % {
                    "ref": created.reference,
                    "due": timezone.localtime(created.due_at).strftime("%d-%m-%Y %H:%M"),
                },
            )
            return redirect("privacy:overview")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/request_form.html", {"form": form}, status=status)


@login_required
def staff_request_list(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("semua") == "1"
    requests = selectors.data_subject_request_list_for_staff(
        viewer=request.user, open_only=not show_all
    )
    return render(
        request,
        "privacy/staff_request_list.html",
        {"requests": requests[:500], "show_all": show_all, "now": timezone.now()},
    )


@login_required
def staff_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.data_subject_request_get_for_staff(viewer=request.user, pk=pk)
    if item is None:
        raise Http404
    subject = item.subject
    view = selectors.personal_data_for_viewer(
        viewer=request.user,
        subject=subject,
        values={"email": subject.email or ""},
        purpose=f"permintaan subjek data {item.reference}",
        unit=item.assigned_unit,
    )
    can_handle = services.can_handle_request(request.user, item)
    form = RequestUpdateForm(request.POST or None)
    if request.method == "POST":
        if not can_handle:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.data_subject_request_update(
                    actor=request.user,
                    request=item,
                    status=form.cleaned_data["status"],
                    resolution=form.cleaned_data["resolution"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Permintaan diperbarui."))
                return redirect("privacy:staff_request_detail", pk=item.pk)
    context = {"item": item, "contact": view, "form": form, "can_handle": can_handle}
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/staff_request_detail.html", context, status=status)
