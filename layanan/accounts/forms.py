"""Forms of the accounts pages (GOV.UK Frontend classes on every widget)."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from layanan.accounts import domain
from layanan.accounts.models import OrgUnit
from layanan.accounts.phone import PhoneField
from layanan.core.models import Region

WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.Select: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.RadioSelect: "govuk-radios__input",
}


class GovukMixin:
    """Adds GOV.UK classes and error states to every widget."""

    def govukify(self) -> None:
        """Error states are added at render time by the ``govuk_widget`` filter."""
        fields: dict[str, forms.Field] = self.fields  # type: ignore[attr-defined]
        for name, field in fields.items():
            widget = field.widget
            css = WIDGET_CLASSES.get(type(widget), "govuk-input")
            existing = widget.attrs.get("class", "")
            if "govuk-" not in existing:
                widget.attrs["class"] = (existing + " " + css).strip()
            widget.attrs.pop("placeholder", None)
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{name}-hint"


class SignupForm(GovukMixin, AllauthSignupForm):  # type: ignore[misc]
    """Sign-up with an email address OR an Indonesian mobile number (or both)."""

    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email (boleh dikosongkan bila memakai nomor HP)")
        self.fields["email"].required = False
        if "phone" in self.fields:
            self.fields["phone"].label = _("Nomor HP (boleh dikosongkan bila memakai email)")
            self.fields["phone"].required = False
        self.fields["password1"].label = _("Kata sandi")
        self.fields["password1"].help_text = _("Minimal 8 karakter; jangan hanya angka.")
        if "password2" in self.fields:
            self.fields["password2"].label = _("Ulangi kata sandi")
        order = ["full_name", "email", "phone", "password1", "password2"]
        self.order_fields([f for f in order if f in self.fields])
        self.govukify()

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.errors:
            self.add_error("email", _("Isi email atau nomor HP (salah satu wajib)."))
        return cleaned


class LoginForm(GovukMixin, AllauthLoginForm):  # type: ignore[misc]
    """Sign-in with an email address or a mobile number; labels that say what to type."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email atau nomor HP")
        self.fields["password"].label = _("Kata sandi")
        self.govukify()


class ProfileForm(GovukMixin, forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=24,
        help_text=_("16 angka pada KTP atau Kartu Keluarga."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kk_number = forms.CharField(
        label=_("Nomor Kartu Keluarga (KK)"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = forms.DateField(
        label=_("Tanggal lahir"),
        required=False,
        help_text=_("Format: 17-08-1990"),
        input_formats=["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(format="%d-%m-%Y", attrs={"autocomplete": "bday"}),
    )
    address = forms.CharField(
        label=_("Alamat (jalan, RT/RW)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        required=False,
        queryset=Region.objects.none(),
        empty_label=_("— pilih —"),
    )
    desa = forms.ModelChoiceField(
        label=_("Desa/kelurahan"),
        required=False,
        queryset=Region.objects.none(),
        empty_label=_("— pilih —"),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = PhoneField(required=False)
    preferred_language = forms.ChoiceField(
        label=_("Bahasa"), choices=[("id", "Bahasa Indonesia"), ("en", "English")]
    )

    def __init__(self, *args: Any, region_code: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kecamatan = Region.objects.filter(level=Region.Level.KECAMATAN)
        desa = Region.objects.filter(level=Region.Level.DESA)
        if region_code:
            kecamatan = kecamatan.filter(code__startswith=region_code + ".")
            desa = desa.filter(code__startswith=region_code + ".")
        self.fields["kecamatan"].queryset = kecamatan.order_by("name")  # type: ignore[attr-defined]
        self.fields["desa"].queryset = desa.order_by("name")  # type: ignore[attr-defined]
        self.govukify()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kec, desa = cleaned.get("kecamatan"), cleaned.get("desa")
        if kec and desa and not desa.code.startswith(kec.code + "."):
            self.add_error("desa", _("Desa/kelurahan ini tidak berada di kecamatan yang dipilih."))
        return cleaned


class AssistedCreateForm(ProfileForm):
    unit = forms.ModelChoiceField(label=_("Unit layanan"), queryset=OrgUnit.objects.none())
    consent = forms.BooleanField(
        label=_("Warga telah mendengar dan menyetujui pernyataan di atas"), required=False
    )
    consent_version = forms.CharField(
        widget=forms.HiddenInput, initial=domain.ASSISTED_CONSENT_VERSION
    )

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("email", "preferred_language"):
            del self.fields[name]
        self.fields["unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]
        )
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        self.order_fields(["unit", "full_name", "nik"])
        self.govukify()


class ClaimForm(GovukMixin, forms.Form):
    code = forms.CharField(
        label=_("Kode klaim"),
        max_length=20,
        help_text=_("10 huruf/angka pada tanda terima dari petugas, contoh ABCDE-FGHJK."),
    )
    nik = forms.CharField(
        label=_("NIK"), max_length=24, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.govukify()


class NikLookupForm(GovukMixin, forms.Form):
    nik = forms.CharField(
        label=_("NIK warga"), max_length=24, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.govukify()


class SmsResetRequestForm(GovukMixin, forms.Form):
    phone = PhoneField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.govukify()


class SmsResetConfirmForm(GovukMixin, forms.Form):
    phone = PhoneField()
    code = forms.CharField(
        label=_("Kode dari SMS"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    new_password = forms.CharField(
        label=_("Kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.govukify()
