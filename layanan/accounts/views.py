"""Thin views of the accounts context: citizen profile, claim, SMS reset, staff pages."""

from __future__ import annotations

from typing import Any

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from layanan.accounts import domain, permissions, selectors, services
from layanan.accounts.forms import (
    AssistedCreateForm,
    ClaimForm,
    NikLookupForm,
    ProfileForm,
    SmsResetConfirmForm,
    SmsResetRequestForm,
)
from layanan.accounts.security import has_totp


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def staff_required(view: Any) -> Any:
    """Signed in and holding a role (or is_staff); everyone else gets 403."""

    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.is_staff_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)  # type: ignore[no-any-return]

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# --- citizen ---------------------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if permissions.is_staff_user(request.user):
        return redirect("accounts:staff_home")
    return redirect("accounts:profile")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_get(viewer=request.user)
    return render(
        request,
        "accounts/profile.html",
        {
            "profile": profile,
            "account": request.user,
            "has_totp": has_totp(request.user),
            "claimed": request.user.claimed_assisted_records.select_related("unit"),  # type: ignore[union-attr]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = request.user
    profile = selectors.profile_get(viewer=user)
    region = settings.LAYANAN_REGION_CODE
    if request.method == "POST":
        form = ProfileForm(request.POST, region_code=region)
        if form.is_valid():
            try:
                services.profile_update(actor=user, user=user, data=form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Profil Anda sudah disimpan."))
                return redirect("accounts:profile")
    else:
        initial = {
            "full_name": user.full_name,  # type: ignore[union-attr]
            "email": user.email or "",  # type: ignore[union-attr]
            "phone": user.phone,  # type: ignore[union-attr]
            "preferred_language": user.preferred_language,  # type: ignore[union-attr]
        }
        if profile is not None:
            initial.update(
                nik=profile.nik,
                kk_number=profile.kk_number,
                address=profile.address,
                birth_date=profile.birth_date,
                kecamatan=profile.kecamatan_id,
                desa=profile.desa_id,
            )
        form = ProfileForm(initial=initial, region_code=region)
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest) -> HttpResponse:
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.assisted_claim(
                actor=request.user, code=form.cleaned_data["code"], nik=form.cleaned_data["nik"]
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Catatan dari %(unit)s sekarang ada di akun Anda.") % {"unit": record.unit},
            )
            return redirect("accounts:profile")
    return render(request, "accounts/claim.html", {"form": form})


@require_http_methods(["GET", "POST"])
def sms_reset_request(request: HttpRequest) -> HttpResponse:
    form = SmsResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        allowed = ratelimit.consume(request, action="reset_password_sms", key=phone)
        if not allowed:
            form.add_error(None, _("Terlalu banyak permintaan kode. Coba lagi nanti."))
        else:
            services.sms_reset_request(phone=phone)
            request.session["layanan_sms_reset_phone"] = phone
            messages.info(
                request,
                _("Bila nomor itu terdaftar, kode sudah dikirim lewat SMS. Masukkan di bawah."),
            )
            return redirect("accounts:sms_reset_confirm")
    return render(request, "accounts/sms_reset_request.html", {"form": form})


@require_http_methods(["GET", "POST"])
def sms_reset_confirm(request: HttpRequest) -> HttpResponse:
    initial = {"phone": request.session.get("layanan_sms_reset_phone", "")}
    form = SmsResetConfirmForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sms_reset_confirm(
                phone=form.cleaned_data["phone"],
                code=form.cleaned_data["code"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                _apply_errors(form, exc)
            else:
                for error in exc.messages:
                    form.add_error("new_password", error)
        else:
            request.session.pop("layanan_sms_reset_phone", None)
            messages.success(request, _("Kata sandi sudah diganti. Silakan masuk."))
            return redirect("account_login")
    return render(request, "accounts/sms_reset_confirm.html", {"form": form})


# --- staff -----------------------------------------------------------------------------------


@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/staff_home.html",
        {
            "memberships": selectors.staff_memberships(viewer=user),
            "can_admin": permissions.can(user, "admin.access") or user.is_superuser,
            "can_audit": permissions.can(user, "audit.browse"),
            "can_assist": permissions.can(user, "assisted.create"),
            "can_see_assisted": permissions.can(user, "assisted.view"),
            "can_lookup": permissions.can(user, "citizen.lookup"),
            "has_totp": has_totp(user),
        },
    )


@staff_required
def assisted_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can(request.user, "assisted.view"):
        raise PermissionDenied
    records = selectors.assisted_list(viewer=request.user)[:200]
    return render(request, "accounts/assisted_list.html", {"records": records})


@staff_required
@require_http_methods(["GET", "POST"])
def assisted_create(request: HttpRequest) -> HttpResponse:
    units = selectors.operator_units(viewer=request.user)
    if not units:
        raise PermissionDenied
    form = AssistedCreateForm(
        request.POST or None, units=units, region_code=settings.LAYANAN_REGION_CODE
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.assisted_create(
                actor=request.user,
                unit=data["unit"],
                full_name=data["full_name"],
                consent=data["consent"],
                consent_version=data["consent_version"],
                nik=data.get("nik") or "",
                kk_number=data.get("kk_number") or "",
                address=data.get("address") or "",
                kecamatan=data.get("kecamatan"),
                desa=data.get("desa"),
                phone=data.get("phone") or "",
                birth_date=data.get("birth_date"),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        except PermissionDenied:
            form.add_error("unit", _("Anda bukan operator di unit ini."))
        else:
            request.session["layanan_claim_code"] = {
                "id": created.record.pk,
                "code": domain.format_claim_code(created.claim_code),
            }
            return redirect("accounts:assisted_receipt", pk=created.record.pk)
    return render(
        request,
        "accounts/assisted_form.html",
        {"form": form, "consent_text": domain.ASSISTED_CONSENT_TEXT},
    )


@staff_required
def assisted_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.assisted_get(viewer=request.user, pk=pk)
    if record is None:
        raise Http404
    return render(request, "accounts/assisted_detail.html", {"record": record})


@staff_required
def assisted_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable receipt with the one-time claim code (shown once, right after creation)."""
    record = selectors.assisted_get(viewer=request.user, pk=pk)
    if record is None:
        raise Http404
    stash = request.session.pop("layanan_claim_code", None)
    code = stash["code"] if stash and stash.get("id") == record.pk else None
    return render(
        request,
        "accounts/assisted_receipt.html",
        {
            "record": record,
            "claim_code": code,
            "claim_url": request.build_absolute_uri(reverse("accounts:claim")),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def citizen_lookup(request: HttpRequest) -> HttpResponse:
    if not permissions.can(request.user, "citizen.lookup"):
        raise PermissionDenied
    form = NikLookupForm(request.POST or None)
    found = None
    searched = False
    if request.method == "POST" and form.is_valid():
        searched = True
        found = selectors.citizen_find_by_nik(viewer=request.user, nik=form.cleaned_data["nik"])
        services.citizen_lookup_log(actor=request.user, profile=found)
        form = NikLookupForm()  # do not echo the full NIK back into the page
    return render(
        request,
        "accounts/citizen_lookup.html",
        {"form": form, "found": found, "searched": searched},
    )


@staff_required
@require_POST
def citizen_nik_verify(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.citizen_profile_for_staff(viewer=request.user, pk=pk)
    if profile is None:
        raise Http404
    try:
        services.nik_verify(actor=request.user, profile=profile)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("NIK warga sudah ditandai terverifikasi."))
    return redirect("accounts:citizen_lookup")
