"""The public catalog search form (GET)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from layanan.catalog import selectors


class CatalogSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari layanan"),
        required=False,
        max_length=100,
        help_text=_("Misalnya: akta lahir, ktp, surat pindah."),
    )
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    category = forms.ChoiceField(label=_("Kategori"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("Semua"))]
        unit_field = self.fields["unit"]
        category_field = self.fields["category"]
        assert isinstance(unit_field, forms.ChoiceField)
        assert isinstance(category_field, forms.ChoiceField)
        unit_field.choices = everything + [
            (u.slug, u.name) for u in selectors.units_with_services()
        ]
        category_field.choices = everything + [(c.slug, c.name) for c in selectors.category_list()]
