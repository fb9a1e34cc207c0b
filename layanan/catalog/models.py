"""Service catalog: services, their versioned Standar Pelayanan, form definitions, Maklumat.

A :class:`Service` is the stable identity (code, unit, category). Everything a citizen relies on
lives in a :class:`ServiceVersion`: the six published components of the Standar Pelayanan
(PermenPAN-RB 15/2014), the manufacturing components, required documents and the application form
as data. A published version is never edited (see ``services.py``); an application stores the id
of the version it was submitted against.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from layanan.accounts.models import OrgUnit
from layanan.core.models import TimeStampedModel


class Category(TimeStampedModel):
    slug = models.SlugField(_("kode"), max_length=80, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    description = models.TextField(_("keterangan"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kategori layanan")
        verbose_name_plural = _("kategori layanan")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Service(TimeStampedModel):
    """The stable identity of a service; its content lives in versions."""

    code = models.SlugField(
        _("kode layanan"),
        max_length=80,
        unique=True,
        help_text=_("Dipakai di alamat halaman, misalnya akta-kelahiran."),
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="services", verbose_name=_("unit")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="services", verbose_name=_("kategori")
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    search_text = models.TextField(
        _("teks pencarian"),
        blank=True,
        editable=False,
        help_text=_("Kata dasar (hasil stemming) dari nama, kata kunci, ringkasan dan unit."),
    )

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ServiceVersion(TimeStampedModel):
    """One version of a service's standard. Published versions are immutable."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Terbit")
        ARCHIVED = "archived", _("Arsip")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Daring")
        OFFICE = "office", _("Datang ke kantor")
        BOTH = "both", _("Daring dan datang ke kantor")

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="versions", verbose_name=_("layanan")
    )
    number = models.PositiveIntegerField(_("nomor versi"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("diterbitkan pada"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diterbitkan oleh"),
    )

    name = models.CharField(_("nama layanan"), max_length=200)
    summary = models.TextField(_("ringkasan"), blank=True)
    keywords = models.TextField(
        _("sinonim dan kata kunci"),
        blank=True,
        help_text=_("Dipisahkan koma, misalnya: e-ktp, ktp elektronik."),
    )
    channel = models.CharField(
        _("kanal layanan"), max_length=10, choices=Channel.choices, default=Channel.BOTH
    )

    # The six published components (komponen pelayanan / service delivery).
    requirements = models.TextField(_("persyaratan"), blank=True)
    procedure = models.TextField(_("sistem, mekanisme dan prosedur"), blank=True)
    sla_working_days = models.PositiveSmallIntegerField(
        _("jangka waktu penyelesaian (hari kerja)"), default=1
    )
    sla_note = models.CharField(
        _("keterangan jangka waktu"),
        max_length=200,
        blank=True,
        help_text=_("Misalnya: perekaman 10 menit setelah berkas lengkap."),
    )
    fee_amount = models.PositiveBigIntegerField(
        _("biaya/tarif (rupiah)"),
        null=True,
        blank=True,
        default=0,
        help_text=_("0 berarti gratis; kosongkan bila dihitung per permohonan (lihat keterangan)."),
    )
    fee_legal_basis = models.CharField(_("dasar hukum biaya/tarif"), max_length=300, blank=True)
    fee_note = models.CharField(_("keterangan biaya"), max_length=300, blank=True)
    product = models.TextField(_("produk pelayanan"), blank=True)
    complaint_handling = models.TextField(_("penanganan pengaduan, saran dan masukan"), blank=True)

    # Manufacturing components (komponen pengelolaan / kept by the unit).
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    facilities = models.TextField(_("sarana, prasarana dan/atau fasilitas"), blank=True)
    staff_competence = models.TextField(_("kompetensi pelaksana"), blank=True)
    internal_supervision = models.TextField(_("pengawasan internal"), blank=True)
    staff_count = models.PositiveSmallIntegerField(_("jumlah pelaksana"), null=True, blank=True)
    service_guarantee = models.TextField(_("jaminan pelayanan"), blank=True)
    security_guarantee = models.TextField(
        _("jaminan keamanan dan keselamatan pelayanan"), blank=True
    )
    performance_evaluation = models.TextField(_("evaluasi kinerja pelaksana"), blank=True)

    class Meta:
        verbose_name = _("versi layanan")
        verbose_name_plural = _("versi layanan")
        ordering = ["service__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="uniq_service_version"),
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(status="published"),
                name="uniq_service_published_version",
            ),
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(status="draft"),
                name="uniq_service_draft_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number}, {self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class RequiredDocument(models.Model):
    version = models.ForeignKey(ServiceVersion, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    name = models.CharField(_("nama dokumen"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    is_mandatory = models.BooleanField(_("wajib"), default=True)
    original_required = models.BooleanField(_("asli wajib diperlihatkan"), default=False)

    class Meta:
        verbose_name = _("dokumen persyaratan")
        verbose_name_plural = _("dokumen persyaratan")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class FormField(models.Model):
    """One field of a service's application form, defined as data."""

    class Type(models.TextChoices):
        TEXT = "text", _("Teks singkat")
        TEXTAREA = "textarea", _("Teks panjang")
        NUMBER = "number", _("Angka")
        DATE = "date", _("Tanggal")
        SELECT = "select", _("Pilihan (daftar turun)")
        RADIO = "radio", _("Pilihan (tombol radio)")
        CHECKBOX = "checkbox", _("Kotak centang")
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Nomor telepon")
        NIK = "nik", _("NIK")
        FILE = "file", _("Berkas unggahan")

    version = models.ForeignKey(
        ServiceVersion, on_delete=models.CASCADE, related_name="form_fields"
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    name = models.CharField(
        _("nama teknis"),
        max_length=60,
        help_text=_("Huruf kecil, angka dan garis bawah, misalnya nama_ayah."),
    )
    label = models.CharField(_("label"), max_length=200)
    field_type = models.CharField(_("jenis isian"), max_length=10, choices=Type.choices)
    required = models.BooleanField(_("wajib diisi"), default=True)
    help_text = models.CharField(_("petunjuk"), max_length=300, blank=True)
    choices = models.TextField(
        _("pilihan"),
        blank=True,
        help_text=_("Satu pilihan per baris; boleh berbentuk nilai|Label."),
    )
    min_value = models.DecimalField(
        _("nilai minimum"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("nilai maksimum"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    min_length = models.PositiveIntegerField(_("panjang minimum"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("panjang maksimum"), null=True, blank=True)
    regex = models.CharField(_("pola (regex)"), max_length=200, blank=True)
    show_if_field = models.CharField(
        _("tampilkan jika isian"),
        max_length=60,
        blank=True,
        help_text=_("Nama teknis isian sebelumnya yang menentukan tampilnya isian ini."),
    )
    show_if_value = models.CharField(_("bernilai"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("isian formulir")
        verbose_name_plural = _("isian formulir")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="uniq_form_field_name"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.name})"


class MaklumatPelayanan(TimeStampedModel):
    """A unit's public service pledge. The latest one by date is the current one."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="maklumat", verbose_name=_("unit")
    )
    text = models.TextField(_("isi maklumat"))
    signed_by_name = models.CharField(_("ditandatangani oleh"), max_length=200)
    signed_by_title = models.CharField(_("jabatan penanda tangan"), max_length=200, blank=True)
    signed_on = models.DateField(_("tanggal"))

    class Meta:
        verbose_name = _("maklumat pelayanan")
        verbose_name_plural = _("maklumat pelayanan")
        ordering = ["unit__name", "-signed_on"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "signed_on"], name="uniq_maklumat_unit_date"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.signed_on:%Y-%m-%d}"
