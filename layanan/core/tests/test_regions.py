import io

import pytest
from django.core.management import call_command

from layanan.core.models import Region


@pytest.mark.django_db
def test_seed_has_lampung_utara_and_its_23_kecamatan():
    call_command("load_regions", "--seed-only", stdout=io.StringIO())
    assert Region.objects.get(code="18").name == "Lampung"
    kab = Region.objects.get(code="18.03")
    assert kab.name == "Kabupaten Lampung Utara"
    assert kab.level == Region.Level.KABUPATEN
    kecamatan = Region.objects.filter(parent_id="18.03", level=Region.Level.KECAMATAN)
    assert kecamatan.count() == 23
    assert Region.objects.get(code="18.03.23").name == "Blambangan Pagar"


@pytest.mark.django_db
def test_loader_is_idempotent_and_updates_renamed(tmp_path):
    source = tmp_path / "data"
    source.mkdir()
    (source / "provinces.csv").write_text("code,name\n18,Lampung\n")
    (source / "regencies.csv").write_text(
        "code,province_code,name\n18.03,18,Kabupaten Lampung Utara\n18.04,18,Kabupaten Lain\n"
    )
    (source / "districts.csv").write_text("code,regency_code,name\n18.03.02,18.03,Kotabumi\n")
    (source / "villages.csv").write_text(
        "code,district_code,name\n18.03.02.1001,18.03.02,Kotabumi Udik\n"
        "18.03.02.2001,18.03.02,Desa Contoh\n"
    )
    out = io.StringIO()
    call_command("load_regions", "--source", str(source), "--within", "18.03", stdout=out)
    count = Region.objects.count()
    assert Region.objects.get(code="18.03.02.1001").kind == "kelurahan"
    assert Region.objects.get(code="18.03.02.2001").kind == "desa"
    assert not Region.objects.filter(code="18.04").exists()  # outside --within
    call_command("load_regions", "--source", str(source), "--within", "18.03", stdout=out)
    assert Region.objects.count() == count
    (source / "villages.csv").write_text(
        "code,district_code,name\n18.03.02.1001,18.03.02,Kotabumi Udik Baru\n"
    )
    call_command("load_regions", "--source", str(source), "--within", "18.03", stdout=out)
    assert Region.objects.get(code="18.03.02.1001").name == "Kotabumi Udik Baru"
    assert "wilayah" in out.getvalue()  # progress is shown
