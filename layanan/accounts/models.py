"""Users, the organisation tree and roles per unit."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from layanan.core.crypto import BlindIndexField, EncryptedDateField, EncryptedTextField
from layanan.core.models import Region, TimeStampedModel


class User(AbstractUser):
    """A citizen or a member of staff. Staff hold roles per unit through :class:`Membership`."""

    email = models.EmailField(  # type: ignore[assignment]
        _("email"), unique=True, null=True, blank=True
    )
    full_name = models.CharField(_("nama lengkap"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("bahasa"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )
    is_demo = models.BooleanField(
        _("akun demo"), default=False, help_text=_("Akun contoh untuk demo; tidak ada di produksi.")
    )
    # Login phone number, E.164 (+62…), encrypted; the blind index makes it unique and findable.
    phone = EncryptedTextField(_("nomor HP"), blank=True, default="")
    phone_index = BlindIndexField(source="phone", purpose="phone", unique=True)
    phone_verified = models.BooleanField(_("nomor HP terverifikasi"), default=False)

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


class CitizenProfile(TimeStampedModel):
    """What a citizen tells us about themself. Name, email, phone and language live on the user.

    NIK, KK, address and birth date are encrypted at rest; ``nik_index`` (HMAC blind index) keeps
    one NIK to one account.
    """

    class NikStatus(models.TextChoices):
        SELF_DECLARED = "self_declared", _("Dinyatakan sendiri")
        VERIFIED = "verified", _("Terverifikasi petugas (KTP dilihat)")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="citizen_profile")
    nik = EncryptedTextField(_("NIK"), blank=True, default="")
    nik_index = BlindIndexField(source="nik", purpose="nik", unique=True)
    nik_status = models.CharField(
        _("status NIK"), max_length=20, choices=NikStatus.choices, default=NikStatus.SELF_DECLARED
    )
    nik_verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nik_verified_unit = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nik_verified_at = models.DateTimeField(_("NIK diverifikasi pada"), null=True, blank=True)
    kk_number = EncryptedTextField(_("nomor KK"), blank=True, default="")
    address = EncryptedTextField(_("alamat"), blank=True, default="")
    kecamatan = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kecamatan"),
    )
    desa = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )
    birth_date = EncryptedDateField(_("tanggal lahir"), null=True, blank=True)

    class Meta:
        verbose_name = _("profil warga")
        verbose_name_plural = _("profil warga")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def permission_owner_id(self) -> int:
        return self.user_id


class AssistedCitizen(TimeStampedModel):
    """A citizen served at a counter who has no account or phone (assisted digital).

    Created by an operator of ``unit`` with the citizen's recorded consent. The citizen can later
    claim it into their own account with their NIK and the one-time claim code printed on the
    receipt; other contexts then show the citizen what was filed for them
    (``selectors.assisted_ids_claimed_by``).
    """

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="assisted_citizens", verbose_name=_("unit")
    )
    full_name = models.CharField(_("nama lengkap"), max_length=200)
    nik = EncryptedTextField(_("NIK"), blank=True, default="")
    nik_index = BlindIndexField(source="nik", purpose="nik", db_index=True)
    kk_number = EncryptedTextField(_("nomor KK"), blank=True, default="")
    address = EncryptedTextField(_("alamat"), blank=True, default="")
    kecamatan = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    phone = EncryptedTextField(_("nomor HP"), blank=True, default="")
    birth_date = EncryptedDateField(_("tanggal lahir"), null=True, blank=True)
    consent_given = models.BooleanField(_("persetujuan warga"), default=False)
    consent_version = models.CharField(_("versi teks persetujuan"), max_length=20)
    consent_at = models.DateTimeField(_("waktu persetujuan"))
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("dibuat oleh")
    )
    created_by_role = models.CharField(_("peran pembuat"), max_length=20)
    claim_code_index = models.CharField(max_length=64, unique=True, null=True, blank=True)
    claim_code_expires_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claimed_assisted_records",
        verbose_name=_("diklaim oleh"),
    )
    claimed_at = models.DateTimeField(_("diklaim pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("warga dibantu")
        verbose_name_plural = _("warga dibantu")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent_given=True), name="assisted_requires_consent"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def permission_owner_id(self) -> int | None:
        return self.claimed_by_id
