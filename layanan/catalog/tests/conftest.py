from __future__ import annotations

import pytest

from layanan.accounts.models import Membership, OrgUnit, User
from layanan.catalog import services


@pytest.fixture
def unit(db):
    return OrgUnit.objects.create(
        slug="disdukcapil",
        name="Dinas Kependudukan dan Pencatatan Sipil",
        kind="opd",
        phone="(0724) 22105",
    )


@pytest.fixture
def other_unit(db):
    return OrgUnit.objects.create(slug="dinsos", name="Dinas Sosial", kind="opd")


@pytest.fixture
def category(db):
    return services.category_upsert(actor=None, slug="pencatatan-sipil", name="Pencatatan sipil")[0]


def make_user(username, unit=None, role=None):
    user = User.objects.create_user(username=username, password="x", email=f"{username}@x.id")
    if role:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def admin_unit(unit):
    return make_user("admin-dukcapil", unit, Membership.Role.ADMIN_UNIT)


@pytest.fixture
def published(unit, category):
    draft = services.service_create(
        actor=None,
        code="akta-kelahiran",
        unit=unit,
        category=category,
        content={
            "name": "Akta Kelahiran",
            "summary": "Pencatatan kelahiran",
            "keywords": "akte lahir, birth certificate",
            "sla_working_days": 3,
            "procedure": "Isi formulir\nVerifikasi\nTerbit",
            "product": "Kutipan akta kelahiran",
            "complaint_handling": "SP4N-LAPOR!",
            "legal_basis": "UU 24/2013",
        },
    )
    services.version_draft_update(
        actor=None,
        version=draft,
        documents=[
            {
                "name": "Surat keterangan lahir",
                "description": "",
                "is_mandatory": True,
                "original_required": True,
            }
        ],
        form_fields=[
            {"name": "nama_anak", "label": "Nama anak", "field_type": "text"},
            {
                "name": "status",
                "label": "Status",
                "field_type": "radio",
                "choices": "tercatat|Tercatat\nbelum|Belum tercatat",
            },
            {
                "name": "sptjm",
                "label": "SPTJM",
                "field_type": "file",
                "show_if_field": "status",
                "show_if_value": "belum",
            },
        ],
    )
    return services.version_publish(actor=None, version=draft)


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalog():
    """Compile this app's English catalogue (``.mo`` files are not committed)."""
    import shutil
    import subprocess
    from pathlib import Path

    from django.utils.translation import trans_real

    po = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    msgfmt = shutil.which("msgfmt")
    if po.exists() and msgfmt and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        subprocess.run([msgfmt, "-o", str(mo), str(po)], check=True)
        trans_real._translations = {}
        trans_real._default = None
    return


@pytest.fixture(autouse=True)
def _indonesian():
    """Every test starts in Bahasa Indonesia (a previous request may have activated English)."""
    from django.utils import translation

    with translation.override("id"):
        yield
