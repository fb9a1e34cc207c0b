"""django-allauth adapters: phone numbers on our encrypted ``User.phone``, SMS through
``layanan.notifications``, per-account login lockout keys, and audit of sign-in events.
See docs/adr/0040."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.forms import BaseForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from layanan.accounts import selectors, services
from layanan.accounts.models import User
from layanan.accounts.phone import PhoneField, try_normalise_phone
from layanan.core import crypto
from layanan.core.crypto import blind_index


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Terlalu banyak percobaan masuk yang gagal. Akun ini dikunci sementara; coba lagi "
            "nanti atau atur ulang kata sandi."
        ),
        "email_password_mismatch": _("Email dan/atau kata sandi yang Anda masukkan salah."),
        "phone_password_mismatch": _("Nomor HP dan/atau kata sandi yang Anda masukkan salah."),
        "username_password_mismatch": _("Nama pengguna dan/atau kata sandi salah."),
        "phone_taken": _("Nomor HP ini sudah dipakai oleh akun lain."),
        "email_taken": _("Email ini sudah dipakai oleh akun lain."),
        "unknown_phone": _("Nomor HP ini tidak terdaftar pada akun mana pun."),
    }

    # --- users ---------------------------------------------------------------------------
    def populate_username(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        if not getattr(user, "username", ""):
            user.username = "w-" + secrets.token_hex(8)  # type: ignore[attr-defined]

    def save_user(
        self, request: HttpRequest, user: AbstractBaseUser, form: BaseForm, commit: bool = True
    ) -> AbstractBaseUser:
        user = super().save_user(request, user, form, commit=False)
        assert isinstance(user, User)
        if not user.email:
            user.email = None  # unique and nullable: "" would collide between phone-only users
        full_name = form.cleaned_data.get("full_name")
        if full_name:
            user.full_name = full_name
        if commit:
            user.save()
        return user

    # --- phone numbers -------------------------------------------------------------------
    def phone_form_field(self, **kwargs: Any) -> Any:
        kwargs.pop("label", None)
        return PhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return phone

    def set_phone(self, user: AbstractBaseUser, phone: str, verified: bool) -> None:
        assert isinstance(user, User)
        user.phone = try_normalise_phone(phone) or phone
        user.phone_verified = verified
        if user.pk:
            user.save(update_fields=["phone", "phone_index", "phone_verified"])

    def get_phone(self, user: AbstractBaseUser) -> tuple[str, bool] | None:
        phone = getattr(user, "phone", "")
        if not phone:
            return None
        return phone, bool(getattr(user, "phone_verified", False))

    def set_phone_verified(self, user: AbstractBaseUser, phone: str) -> None:
        assert isinstance(user, User)
        user.phone_verified = True
        user.save(update_fields=["phone_verified"])

    def get_user_by_phone(self, phone: str) -> AbstractBaseUser | None:
        return selectors.user_get_by_phone(phone=phone)

    def send_verification_code_sms(
        self, user: AbstractBaseUser, phone: str, code: str, **kwargs: Any
    ) -> None:
        message = _("Kode verifikasi Layanan Anda: %(code)s. Jangan berikan kepada siapa pun.")
        services.sms_send(phone=phone, message=str(message) % {"code": code})

    def send_unknown_account_sms(self, phone: str, **kwargs: Any) -> None:
        return None

    def send_account_already_exists_sms(self, phone: str) -> None:
        return None

    # --- lockout: key the failed-login counter by account, not by what was typed ----------
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        user = _user_from_credentials(credentials)
        if user is not None:
            return f"user:{user.pk}"
        login = credentials.get("email") or credentials.get("username") or ""
        phone = credentials.get("phone")
        if phone:
            login = try_normalise_phone(phone) or phone
        return "login:" + blind_index(str(login), purpose="login")

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        user = _user_from_credentials(credentials)
        if user is not None:
            services.login_failure_record(user=user)


def _user_from_credentials(credentials: dict[str, Any]) -> User | None:
    if credentials.get("phone"):
        return selectors.user_get_by_phone(phone=str(credentials["phone"]))
    email = credentials.get("email")
    if email:
        return User.objects.filter(email__iexact=str(email)).first()
    username = credentials.get("username")
    if username:
        return User.objects.filter(username=str(username)).first()
    return None


class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    def get_totp_label(self, user: AbstractBaseUser) -> str:
        assert isinstance(user, User)
        return user.email or user.full_name or user.get_username()

    def encrypt(self, text: str) -> str:
        """TOTP secrets and recovery-code seeds are encrypted at rest like other secrets."""
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)
