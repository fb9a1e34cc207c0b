"""Users, the organisation tree and roles per unit."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from layanan.core.models import Region, TimeStampedModel


class User(AbstractUser):
    """A citizen or a member of staff. Staff hold roles per unit through :class:`Membership`."""

    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    full_name = models.CharField(_("nama lengkap"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("bahasa"), max_length=5, choices=[("id", "Bahasa Indonesia"), ("en", "English")], default="id"
    )
    is_demo = models.BooleanField(
        _("akun demo"), default=False, help_text=_("Akun contoh untuk demo; tidak ada di produksi.")
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.full_name or self.get_username()


class OrgUnit(TimeStampedModel):
    """One node of the organisation tree.

    Pemerintah Kabupaten → perangkat daerah (OPD/dinas) → unit layanan (UPT, kecamatan, MPP
    counter) → desa/kelurahan.
    """

    class Kind(models.TextChoices):
        PEMDA = "pemda", _("Pemerintah daerah")
        OPD = "opd", _("Perangkat daerah (OPD/dinas)")
        UNIT = "unit", _("Unit layanan (UPT, kecamatan, MPP)")
        DESA = "desa", _("Desa/kelurahan")

    class TimeZone(models.TextChoices):
        WIB = "Asia/Jakarta", _("WIB")
        WITA = "Asia/Makassar", _("WITA")
        WIT = "Asia/Jayapura", _("WIT")

    slug = models.SlugField(_("kode"), max_length=80, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("wilayah")
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    opening_hours = models.CharField(_("jam layanan"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("zona waktu"), max_length=20, choices=TimeZone.choices, default=TimeZone.WIB
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("unit organisasi")
        verbose_name_plural = _("unit organisasi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A role that a member of staff holds in one unit."""

    class Role(models.TextChoices):
        OPERATOR = "operator", _("Operator (front office)")
        VERIFIKATOR = "verifikator", _("Verifikator")
        KEPALA = "kepala", _("Kepala (penyetuju dan penanda tangan)")
        ADMIN_UNIT = "admin_unit", _("Admin unit")
        ADMIN_SISTEM = "admin_sistem", _("Admin sistem")
        AUDITOR = "auditor", _("Auditor (baca saja)")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("keanggotaan peran")
        verbose_name_plural = _("keanggotaan peran")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="uniq_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.unit}"
