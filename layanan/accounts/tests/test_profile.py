import pytest
from django.db import connection
from django.urls import reverse

from layanan.accounts.models import CitizenProfile
from layanan.audit.testing import logged_events

from .conftest import NIK_A, NIK_B, make_user

pytestmark = pytest.mark.django_db


def form(**extra):
    data = {
        "full_name": "Citra",
        "email": "citra@example.com",
        "phone": "",
        "preferred_language": "id",
        "nik": "",
        "kk_number": "",
        "address": "",
        "birth_date": "",
        "kecamatan": "",
        "desa": "",
    }
    data.update(extra)
    return data


@pytest.fixture
def citra(client, regions):
    user = make_user("citra@example.com", "Citra")
    client.force_login(user)
    return user


def test_profile_saves_encrypted_nik_and_address(client, citra):
    response = client.post(
        reverse("accounts:profile_edit"),
        form(
            nik="1803 0217 0890 0001",
            kk_number="1803020101200001",
            address="Jl. Mawar 3",
            birth_date="17-08-1990",
            kecamatan="18.03.02",
            desa="18.03.02.1001",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = CitizenProfile.objects.get(user=citra)
    assert profile.nik == NIK_A
    assert profile.nik_status == "self_declared"
    assert str(profile.birth_date) == "1990-08-17"
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik, address, birth_date FROM accounts_citizenprofile")
        row = cursor.fetchone()
    assert NIK_A not in row[0]
    assert "Mawar" not in row[1]
    assert "1990" not in row[2]
    event = logged_events().get(action="profile.update")
    assert "nik" in event.summary["fields"]
    assert NIK_A not in str(event.summary)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "1803************" in page
    assert NIK_A not in page
    assert "/akun/privasi/" in page


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("18030217089A0001", "NIK hanya boleh berisi angka."),
        ("180302170890", "NIK harus terdiri dari 16 angka."),
        ("1899021708900001", "Kode wilayah 18.99.02 pada NIK tidak dikenal"),
        ("1803029913900001", "Tanggal lahir pada NIK"),
        ("1803021708900000", "Nomor urut NIK (4 angka terakhir) tidak boleh 0000."),
    ],
)
def test_each_nik_rule_shows_its_message(client, citra, nik, message):
    response = client.post(reverse("accounts:profile_edit"), form(nik=nik))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CitizenProfile.objects.filter(user=citra, nik_index__isnull=False).exists()


def test_one_nik_one_account_through_the_blind_index(client, citra):
    other = make_user("other@example.com", "Other")
    CitizenProfile.objects.create(user=other, nik=NIK_A)
    response = client.post(reverse("accounts:profile_edit"), form(nik="1803-0217-0890-0001"))
    assert response.status_code == 200
    assert "NIK ini sudah terdaftar pada akun lain" in response.content.decode()
    assert CitizenProfile.objects.filter(user=citra).first() is None


def test_changing_nik_resets_verification(client, citra):
    CitizenProfile.objects.create(user=citra, nik=NIK_A, nik_status="verified")
    client.post(reverse("accounts:profile_edit"), form(nik=NIK_B))
    profile = CitizenProfile.objects.get(user=citra)
    assert profile.nik == NIK_B
    assert profile.nik_status == "self_declared"


def test_desa_must_lie_in_kecamatan(client, citra):
    response = client.post(
        reverse("accounts:profile_edit"), form(kecamatan="18.03.01", desa="18.03.02.1001")
    )
    assert "tidak berada di kecamatan" in response.content.decode()


def test_nik_verify_by_operator_is_audited(client, citizen_a, operator_x, verifikator_y):
    from layanan.accounts import services

    profile = citizen_a.citizen_profile
    with pytest.raises(Exception, match=r"nik\.verify"):
        services.nik_verify(actor=citizen_a, profile=profile)
    client.force_login(operator_x)
    response = client.post(reverse("accounts:citizen_lookup"), {"nik": NIK_A})
    page = response.content.decode()
    assert "Ani Citizen-A" in page
    assert NIK_A not in page
    response = client.post(reverse("accounts:citizen_nik_verify", args=[profile.pk]))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.nik_status == "verified"
    assert profile.nik_verified_by == operator_x
    event = logged_events().get(action="profile.nik_verify")
    assert event.role == "operator"
    assert event.unit_slug == "kecamatan-kotabumi"
    assert logged_events().filter(action="citizen.lookup").exists()
