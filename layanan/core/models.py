"""Shared base models, regions (wilayah) and local calendar overrides."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class Region(models.Model):
    """A Kemendagri administrative region: provinsi, kabupaten/kota, kecamatan, desa/kelurahan.

    ``code`` is the dotted Kemendagri code (``18``, ``18.03``, ``18.03.02``, ``18.03.02.1001``).
    Loaded from data files by ``layanan load_regions``; nothing here is specific to one kabupaten.
    """

    class Level(models.IntegerChoices):
        PROVINSI = 1, _("Provinsi")
        KABUPATEN = 2, _("Kabupaten/Kota")
        KECAMATAN = 3, _("Kecamatan")
        DESA = 4, _("Desa/Kelurahan")

    code = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=120)
    level = models.PositiveSmallIntegerField(_("tingkat"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(
        _("jenis"),
        max_length=20,
        blank=True,
        help_text=_("kabupaten/kota, desa/kelurahan"),
    )

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def nik_prefix(self) -> str:
        """The digits this region contributes to a NIK (kecamatan level: 6 digits)."""
        return self.code.replace(".", "")


class LocalHoliday(TimeStampedModel):
    """A day off added by an admin: a regional holiday or a late decree.

    ``is_working_day=True`` records the opposite: a national holiday that this office works
    (e.g. a cuti bersama cancelled by a later decree).
    """

    date = models.DateField(_("tanggal"))
    name = models.CharField(_("nama"), max_length=200)
    is_working_day = models.BooleanField(
        _("hari kerja pengganti"),
        default=False,
        help_text=_("Centang bila tanggal ini justru menjadi hari kerja."),
    )
    legal_basis = models.CharField(_("dasar hukum"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Kosongkan bila berlaku untuk seluruh instalasi."),
    )

    class Meta:
        verbose_name = _("hari libur lokal")
        verbose_name_plural = _("hari libur lokal")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "region"], name="uniq_local_holiday_date_region"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class WorkerHeartbeat(models.Model):
    """Last time a background worker ran its heartbeat task (read by /healthz)."""

    name = models.CharField(max_length=100, primary_key=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("detak pekerja latar")
        verbose_name_plural = _("detak pekerja latar")

    def __str__(self) -> str:
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"
