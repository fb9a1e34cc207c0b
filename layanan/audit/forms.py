"""Filters of the staff audit browser (GET form, works without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class EventFilterForm(forms.Form):
    action = forms.CharField(label=_("Tindakan"), required=False, max_length=80)
    unit = forms.SlugField(label=_("Unit (kode)"), required=False, max_length=80)
    object_type = forms.CharField(label=_("Jenis objek"), required=False, max_length=80)
    object_id = forms.CharField(label=_("ID objek"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data
