"""Idempotent loader of the demo catalog (organisation tree, Maklumat, services).

The data lives in ``data/demo-lampung-utara.json``; this module only maps it onto the services
of ``layanan.accounts`` and ``layanan.catalog``. Run it after the regions are loaded (units get a
region only when its code exists). A second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from layanan.accounts.models import OrgUnit
from layanan.accounts.services import unit_upsert
from layanan.catalog import services
from layanan.core.wilayah import region_get

DATA_FILE = Path(__file__).resolve().parent / "data" / "demo-lampung-utara.json"
UNIT_FIELDS = ("name", "short_name", "kind", "address", "phone", "email", "opening_hours")
DOCUMENT_DEFAULTS: dict[str, Any] = {
    "description": "",
    "is_mandatory": True,
    "original_required": False,
}
FIELD_DEFAULTS: dict[str, Any] = {
    "required": True,
    "help_text": "",
    "choices": "",
    "min_value": None,
    "max_value": None,
    "min_length": None,
    "max_length": None,
    "regex": "",
    "show_if_field": "",
    "show_if_value": "",
}


def _say(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def load_demo(*, stdout: TextIO | None = None, path: Path = DATA_FILE) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))

    categories = {}
    for row in data["categories"]:
        category, created = services.category_upsert(
            actor=None,
            slug=row["slug"],
            name=row["name"],
            description=row.get("description", ""),
            order=row.get("order", 0),
        )
        categories[category.slug] = category
    _say(stdout, f"Kategori layanan: {len(categories)}")

    units: dict[str, OrgUnit] = {}
    maklumat = data["maklumat"]
    signed_on = dt.date.fromisoformat(maklumat["signed_on"])
    for row in data["units"]:
        fields = {k: row.get(k, "") for k in UNIT_FIELDS}
        if row.get("parent"):
            fields["parent"] = units[row["parent"]]
        fields["region"] = region_get(row["region"]) if row.get("region") else None
        unit, created = unit_upsert(actor=None, slug=row["slug"], **fields)
        units[unit.slug] = unit
        _say(stdout, f"  unit {unit.slug}: {'dibuat' if created else 'sudah ada'}")
        signer = row.get("maklumat")
        if signer:
            services.maklumat_upsert(
                actor=None,
                unit=unit,
                signed_on=signed_on,
                text=maklumat["text"].format(unit=unit.name),
                signed_by_name=signer["signed_by_name"],
                signed_by_title=signer.get("signed_by_title", ""),
            )
    _say(stdout, f"Unit organisasi: {len(units)}")

    outcomes: dict[str, int] = {}
    for row in data["services"]:
        unit = units[row["unit"]]
        content = _content(row, unit, data["defaults"], data["unit_defaults"].get(unit.slug, {}))
        documents = [{**DOCUMENT_DEFAULTS, **d} for d in row.get("documents", [])]
        if not content.get("requirements"):
            content["requirements"] = "\n".join(d["name"] for d in documents)
        form_fields = [_form_field(f) for f in row.get("form", [])]
        version, outcome = services.service_sync(
            actor=None,
            code=row["code"],
            unit=unit,
            category=categories[row["category"]],
            content=content,
            documents=documents,
            form_fields=form_fields,
        )
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        _say(stdout, f"  layanan {row['code']} v{version.number}: {outcome}")
    summary = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
    _say(stdout, f"Layanan: {len(data['services'])} ({summary})")


def _content(
    row: dict[str, Any], unit: OrgUnit, defaults: dict[str, Any], unit_defaults: dict[str, Any]
) -> dict[str, Any]:
    merged = {**defaults, **unit_defaults, **row}
    content = {k: merged[k] for k in services.VERSION_CONTENT_FIELDS if k in merged}
    placeholders = {"unit": unit.name, "phone": unit.phone or "-", "email": unit.email or "-"}
    lines = [
        line.format(**placeholders)
        for line in str(content.get("complaint_handling", "")).splitlines()
        if not (("{email}" in line and not unit.email) or ("{phone}" in line and not unit.phone))
    ]
    content["complaint_handling"] = "\n".join(lines)
    return content


def _form_field(row: dict[str, Any]) -> dict[str, Any]:
    result = {**FIELD_DEFAULTS, **row}
    for key in ("min_value", "max_value"):
        if result[key] is not None:
            result[key] = Decimal(str(result[key]))
    return result
