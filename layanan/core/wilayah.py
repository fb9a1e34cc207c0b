"""Region (wilayah) reads and NIK validation against the loaded Kemendagri codes."""

from __future__ import annotations

from django.utils import timezone

from layanan.core.models import Region
from layanan.core.nik import NikInfo, parse_nik


def region_exists(code: str) -> bool:
    return Region.objects.filter(code=code).exists()


def region_get(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def region_children(code: str | None) -> list[Region]:
    return list(Region.objects.filter(parent_id=code).order_by("code"))


def validate_nik(value: str) -> NikInfo:
    """Validate a NIK against the regions in the database; raises ``NikError``."""
    return parse_nik(value, region_exists=region_exists, today=timezone.localdate())
