"""Every accounts page and API endpoint × every role: only the allowed ones succeed, the others
get 403/404 (or a redirect to sign-in for anonymous) and no other citizen's data leaks."""

import pytest
from django.test import Client

from layanan.accounts import services
from layanan.accounts.models import AssistedCitizen
from layanan.privacy import services as privacy_services

from .conftest import NIK_A, NIK_B

pytestmark = pytest.mark.django_db

ROLES = ["anon", "citizen_a", "citizen_b", "operator_x", "verifikator_y", "auditor"]
OK, DENY, LOGIN = "ok", "deny", "login"

# (name, method, url template, {role: expectation}); default for unlisted roles is DENY.
MATRIX = [
    ("profile", "get", "/akun/profil/", {"anon": LOGIN, "*": OK}),
    ("profile_edit", "get", "/akun/profil/ubah/", {"anon": LOGIN, "*": OK}),
    ("claim", "get", "/akun/klaim/", {"anon": LOGIN, "*": OK}),
    ("sessions", "get", "/akun/sessions/", {"anon": LOGIN, "*": OK}),
    ("api_me", "get", "/api/v1/akun/saya", {"anon": "401", "*": OK}),
    (
        "staff_home",
        "get",
        "/staf/",
        {"anon": LOGIN, "operator_x": OK, "verifikator_y": OK, "auditor": OK},
    ),
    (
        "assisted_list",
        "get",
        "/staf/warga-dibantu/",
        {"anon": LOGIN, "operator_x": OK, "verifikator_y": OK, "auditor": OK},
    ),
    ("assisted_new", "get", "/staf/warga-dibantu/baru/", {"anon": LOGIN, "operator_x": OK}),
    ("assisted_new_post", "post", "/staf/warga-dibantu/baru/", {"anon": LOGIN, "operator_x": OK}),
    (
        "assisted_detail",
        "get",
        "/staf/warga-dibantu/{record}/",
        {"anon": LOGIN, "operator_x": OK, "auditor": OK},
    ),
    (
        "assisted_receipt",
        "get",
        "/staf/warga-dibantu/{record}/tanda-terima/",
        {"anon": LOGIN, "operator_x": OK, "auditor": OK},
    ),
    (
        "citizen_lookup",
        "get",
        "/staf/warga/",
        {"anon": LOGIN, "operator_x": OK, "verifikator_y": OK},
    ),
    (
        "nik_verify",
        "post",
        "/staf/warga/{profile_a}/verifikasi-nik/",
        {"anon": LOGIN, "operator_x": "302", "verifikator_y": "302"},
    ),
    # personal data (privacy context): every signed-in person sees only their own
    ("privacy_overview", "get", "/akun/privasi/", {"anon": LOGIN, "*": OK}),
    ("privacy_export_json", "get", "/akun/privasi/unduh.json", {"anon": LOGIN, "*": OK}),
    ("privacy_access_log", "get", "/akun/privasi/akses/", {"anon": LOGIN, "*": OK}),
    ("privacy_request_new", "get", "/akun/privasi/permintaan/baru/", {"anon": LOGIN, "*": OK}),
    ("api_privacy_export", "get", "/api/v1/privasi/ekspor", {"anon": "401", "*": OK}),
    ("api_privacy_access", "get", "/api/v1/privasi/akses", {"anon": "401", "*": OK}),
    ("api_privacy_requests", "get", "/api/v1/privasi/permintaan", {"anon": "401", "*": OK}),
    (
        "privacy_staff_requests",
        "get",
        "/akun/privasi/staf/permintaan/",
        {"anon": LOGIN, "operator_x": OK, "verifikator_y": OK, "auditor": OK},
    ),
    (
        "privacy_staff_request_detail",
        "get",
        "/akun/privasi/staf/permintaan/{dsr}/",
        {"anon": LOGIN, "operator_x": OK, "auditor": OK},
    ),
    # audit log pages: a citizen's own history; the staff browser for staff and auditors
    ("audit_my_history", "get", "/akun/riwayat-audit/", {"anon": LOGIN, "*": OK}),
    (
        "audit_staff_browse",
        "get",
        "/staf/audit/",
        {"anon": LOGIN, "operator_x": OK, "verifikator_y": OK, "auditor": OK},
    ),
    # auditors enter the back office to read the audit log; nothing else there is theirs
    ("admin", "get", "/admin/", {"anon": LOGIN, "auditor": OK}),
    ("admin_audit", "get", "/admin/audit/auditevent/", {"anon": LOGIN, "auditor": OK}),
    ("admin_users", "get", "/admin/accounts/user/", {"anon": LOGIN}),
]


@pytest.fixture
def world(regions, units, citizen_a, citizen_b, operator_x, verifikator_y, auditor):
    created = services.assisted_create(
        actor=operator_x,
        unit=units["x"],
        full_name="Mbah Sarinah",
        consent=True,
        nik="1803020101800003",
    )
    users = {
        "citizen_a": citizen_a,
        "citizen_b": citizen_b,
        "operator_x": operator_x,
        "verifikator_y": verifikator_y,
        "auditor": auditor,
    }
    dsr = privacy_services.data_subject_request_create(
        actor=citizen_a, kind="correction", details="Nama saya salah eja.", unit=units["x"]
    )
    return {
        "users": users,
        "record": created.record.pk,
        "profile_a": citizen_a.citizen_profile.pk,
        "dsr": dsr.pk,
    }


def client_for(world, role):
    client = Client()
    if role != "anon":
        client.force_login(world["users"][role])
    return client


def expected(rules, role):
    return rules.get(role, rules.get("*", DENY) if role != "anon" else DENY)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "url", "rules"), MATRIX, ids=[m[0] for m in MATRIX])
def test_access_matrix(world, role, name, method, url, rules):
    client = client_for(world, role)
    path = url.format(record=world["record"], profile_a=world["profile_a"], dsr=world["dsr"])
    response = getattr(client, method)(path, follow=False)
    want = expected(rules, role)
    status = response.status_code
    if want == OK:
        assert status == 200, (name, role, status)
    elif want == LOGIN:
        assert status == 302, (name, role, status)
        location = response["Location"]
        if location.startswith("/admin/login/"):
            location = client.get(location)["Location"]
        assert location.startswith("/akun/login/"), (name, role, location)
    elif want == DENY:
        if status == 302 and response["Location"].startswith("/admin/login/"):
            status = client.get(response["Location"]).status_code
        assert status in (403, 404), (name, role, status)
    else:
        assert status == int(want), (name, role, status)
    body = response.content.decode(errors="replace")
    # Staff never see a full NIK in a page; citizens see only their own and never each other.
    assert "1803020101800003" not in body
    if role == "citizen_b":
        assert "Ani Citizen-A" not in body
        assert "Mbah Sarinah" not in body
        assert NIK_A not in body
    elif role == "citizen_a":
        assert "Budi Citizen-B" not in body
        assert "Mbah Sarinah" not in body
        assert NIK_B not in body
    else:
        assert NIK_A not in body
        assert NIK_B not in body
    if role in ("verifikator_y", "citizen_b"):
        assert "Mbah Sarinah" not in body  # record of another unit
        assert "salah eja" not in body  # citizen A's data-subject request, handled by unit X


def test_denied_writes_change_nothing(world):
    auditor = client_for(world, "auditor")
    auditor.post("/staf/warga-dibantu/baru/", {"full_name": "X", "consent": "on"})
    auditor.post(f"/staf/warga/{world['profile_a']}/verifikasi-nik/")
    citizen = client_for(world, "citizen_b")
    citizen.post(f"/staf/warga/{world['profile_a']}/verifikasi-nik/")
    assert AssistedCitizen.objects.count() == 1
    world["users"]["citizen_a"].citizen_profile.refresh_from_db()
    assert world["users"]["citizen_a"].citizen_profile.nik_status == "self_declared"


def test_api_me_is_masked(world):
    data = client_for(world, "citizen_a").get("/api/v1/akun/saya").json()
    assert data["nik_masked"] == "1803************"
    assert data["full_name"] == "Ani Citizen-A"
    assert client_for(world, "operator_x").get("/api/v1/akun/saya").json()["roles"] == [
        {"unit": "kecamatan-kotabumi", "role": "operator"}
    ]
