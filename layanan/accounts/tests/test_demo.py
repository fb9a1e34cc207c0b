import pytest

from layanan.accounts.demo import DEMO_PASSWORD, load_demo_users
from layanan.accounts.models import CitizenProfile, Membership, OrgUnit, User

pytestmark = pytest.mark.django_db

SLUGS = [
    "pemkab-lampung-utara",
    "disdukcapil",
    "dpmptsp",
    "dinsos",
    "dinkes",
    "kecamatan-kotabumi",
    "kecamatan-bukit-kemuning",
    "mpp-lampung-utara",
]


def test_demo_users_one_per_role_idempotent(regions):
    for slug in SLUGS:
        OrgUnit.objects.create(slug=slug, name=slug, kind="unit")
    first = load_demo_users()
    second = load_demo_users()
    assert first == second
    assert len(first) == 8
    assert all(password == DEMO_PASSWORD for _, _, password in first)
    assert User.objects.count() == 8
    assert User.objects.filter(is_demo=True).count() == 8
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Membership.Role.values)
    warga = User.objects.get(email="warga@demo.layanan.id")
    assert CitizenProfile.objects.get(user=warga).nik == "1803021708900001"
    assert warga.check_password(DEMO_PASSWORD)
