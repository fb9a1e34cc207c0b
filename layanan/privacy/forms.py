from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from layanan.privacy.models import DataSubjectRequest


class DataSubjectRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis permintaan"),
        choices=DataSubjectRequest.Kind.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Uraian"),
        help_text=_(
            "Untuk pembetulan: sebutkan data mana yang salah dan apa yang benar. "
            "Jangan tuliskan kata sandi."
        ),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "govuk-textarea"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("kind") == DataSubjectRequest.Kind.CORRECTION and not data.get("details"):
            self.add_error("details", _("Jelaskan data mana yang salah dan apa yang benar."))
        return data


class RequestUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status baru"),
        choices=[
            (DataSubjectRequest.Status.IN_PROGRESS, _("Diproses")),
            (DataSubjectRequest.Status.RESOLVED, _("Selesai")),
            (DataSubjectRequest.Status.REJECTED, _("Ditolak")),
        ],
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(
        label=_("Tanggapan untuk subjek data"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "class": "govuk-textarea"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        closing = data.get("status") in (
            DataSubjectRequest.Status.RESOLVED,
            DataSubjectRequest.Status.REJECTED,
        )
        if closing and not data.get("resolution"):
            self.add_error("resolution", _("Tuliskan tanggapan untuk subjek data."))
        return data
