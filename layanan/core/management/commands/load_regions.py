"""Load Kemendagri region codes from CSV data files (idempotent)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from layanan.core.models import Region

SEED_DIR = Path(__file__).resolve().parents[2] / "data" / "regions"
IDN_AREA_FILES = [
    ("provinces.csv", None, Region.Level.PROVINSI),
    ("regencies.csv", "province_code", Region.Level.KABUPATEN),
    ("districts.csv", "regency_code", Region.Level.KECAMATAN),
    ("villages.csv", "district_code", Region.Level.DESA),
]


def _level_of(code: str) -> int:
    return len(code.split("."))


def _kind_of(code: str, name: str) -> str:
    parts = code.split(".")
    if len(parts) == 2:
        return "kota" if name.lower().startswith("kota") else "kabupaten"
    if len(parts) == 4:
        return "kelurahan" if parts[3].startswith("1") else "desa"
    return ""


def _default_source() -> Path | None:
    for base in (Path.cwd(), settings.BASE_DIR):
        candidate = Path(base) / "node_modules" / "idn-area-data" / "data"
        if candidate.is_dir():
            return candidate
    return None


class Command(BaseCommand):
    help = "Load Kemendagri region codes (provinsi, kabupaten/kota, kecamatan, desa/kelurahan)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--within",
            default=None,
            help="Only this region and what lies beneath it (default: LAYANAN_REGION_CODE).",
        )
        parser.add_argument(
            "--source",
            default=None,
            help="Folder with idn-area-data CSV files (default: node_modules/idn-area-data/data).",
        )
        parser.add_argument("--seed-only", action="store_true", help="Only the bundled seed file.")

    def handle(self, *args: Any, **opts: Any) -> None:
        within: str = opts["within"] or settings.LAYANAN_REGION_CODE
        rows: dict[str, tuple[str | None, str]] = {}
        for path in sorted(SEED_DIR.glob("*.csv")):
            with path.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    rows[row["code"]] = (row["parent_code"] or None, row["name"])
        source = (
            None
            if opts["seed_only"]
            else (Path(opts["source"]) if opts["source"] else _default_source())
        )
        if source is not None:
            ancestors = {
                ".".join(within.split(".")[: i + 1]) for i in range(len(within.split(".")))
            }
            for filename, parent_col, _level in IDN_AREA_FILES:
                path = source / filename
                if not path.exists():
                    continue
                with path.open(encoding="utf-8") as fh:
                    for row in csv.DictReader(fh):
                        code = row["code"]
                        if code in ancestors or code.startswith(within + "."):
                            rows[code] = (row[parent_col] if parent_col else None, row["name"])
        else:
            self.stdout.write(
                "idn-area-data not found (run `npm ci`); loading the bundled seed only."
            )
        total = len(rows)
        created = updated = 0
        with transaction.atomic():
            existing = {r.code: r for r in Region.objects.filter(code__in=list(rows))}
            for index, code in enumerate(sorted(rows, key=lambda c: (_level_of(c), c)), start=1):
                parent, name = rows[code]
                level = _level_of(code)
                kind = _kind_of(code, name)
                current = existing.get(code)
                if current is None:
                    Region.objects.create(
                        code=code, parent_id=parent, name=name, level=level, kind=kind
                    )
                    created += 1
                elif (current.name, current.parent_id, current.level, current.kind) != (
                    name,
                    parent,
                    level,
                    kind,
                ):
                    Region.objects.filter(code=code).update(
                        name=name, parent_id=parent, level=level, kind=kind
                    )
                    updated += 1
                if index % 100 == 0 or index == total:
                    self.stdout.write(f"\r  wilayah {index}/{total}", ending="")
                    self.stdout.flush()
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Regions: {created} created, {updated} updated, {total} in source.")
        )
