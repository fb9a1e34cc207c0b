"""Personal-data protection (UU 27/2022): purposes and legal bases, consent, the log of full
views of personal data, and data-subject requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.core.crypto import EncryptedTextField


class ProcessingPurpose(models.Model):
    """Why a kind of record is kept, on which legal basis (Pasal 20), and for how long."""

    class LegalBasis(models.TextChoices):
        LEGAL_OBLIGATION = "legal_obligation", _("Kewajiban hukum")
        PUBLIC_SERVICE = "public_service", _("Pelaksanaan tugas pelayanan publik")
        CONSENT = "consent", _("Persetujuan subjek data")

    code = models.SlugField(_("kode"), max_length=80, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    legal_basis = models.CharField(_("dasar pemrosesan"), max_length=20, choices=LegalBasis.choices)
    legal_reference = models.CharField(_("rujukan hukum"), max_length=300, blank=True)
    description = models.TextField(_("uraian"), blank=True)
    record_type = models.CharField(
        _("jenis rekaman"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Label model yang disimpan untuk tujuan ini, mis. notifications.delivery."),
    )
    retention_days = models.PositiveIntegerField(
        _("masa retensi (hari)"),
        null=True,
        blank=True,
        help_text=_("Kosongkan bila disimpan permanen (arsip)."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("tujuan pemrosesan")
        verbose_name_plural = _("tujuan pemrosesan")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Consent(models.Model):
    """A provable consent (Pasal 22–24) to one purpose whose basis is consent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_consents"
    )
    purpose = models.ForeignKey(
        ProcessingPurpose,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("tujuan"),
    )
    given_at = models.DateTimeField(_("diberikan pada"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("ditarik pada"), null=True, blank=True)
    evidence = models.JSONField(
        _("bukti"),
        default=dict,
        blank=True,
        help_text=_("Teks yang disetujui, saluran, id permintaan, alamat IP."),
    )

    class Meta:
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="uniq_active_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.purpose}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class PersonalDataAccess(models.Model):
    """One full (unmasked) view of someone's personal data by someone else."""

    occurred_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("pelihat"),
    )
    viewer_label = models.CharField(_("nama pelihat"), max_length=200, blank=True)
    role = models.CharField(_("peran"), max_length=30, blank=True)
    unit_slug = models.CharField(_("unit"), max_length=80, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_data_accesses",
        verbose_name=_("subjek data"),
    )
    fields = models.JSONField(_("data yang dilihat"), default=list)
    purpose = models.CharField(_("keperluan"), max_length=200)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("akses data pribadi")
        verbose_name_plural = _("akses data pribadi")
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["subject", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.viewer_label} → {self.subject_id}"


class DataSubjectRequest(models.Model):
    """A request under the data-subject rights (access, correction, restriction, erasure),
    due 3×24 hours after it is made."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Akses")
        CORRECTION = "correction", _("Pembetulan")
        RESTRICTION = "restriction", _("Pembatasan pemrosesan")
        ERASURE = "erasure", _("Penghapusan")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        IN_PROGRESS = "in_progress", _("Diproses")
        RESOLVED = "resolved", _("Selesai")
        REJECTED = "rejected", _("Ditolak")

    OPEN_STATUSES = (Status.SUBMITTED, Status.IN_PROGRESS)

    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_subject_requests",
        verbose_name=_("subjek data"),
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    details = EncryptedTextField(_("uraian permintaan"), blank=True)
    created_at = models.DateTimeField(_("diajukan pada"), default=timezone.now)
    due_at = models.DateTimeField(_("batas waktu"), db_index=True)
    assigned_unit = models.ForeignKey(
        "accounts.OrgUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit penanggung jawab"),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditangani oleh"),
    )
    resolution = EncryptedTextField(_("tanggapan"), blank=True)
    resolved_at = models.DateTimeField(_("diselesaikan pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("permintaan subjek data")
        verbose_name_plural = _("permintaan subjek data")
        ordering = ["due_at"]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()}"

    @property
    def reference(self) -> str:
        return f"PDP-{self.created_at:%Y}-{self.pk:06d}" if self.pk else "PDP-baru"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and timezone.now() > self.due_at
