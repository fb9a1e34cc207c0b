import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import override_settings
from django.urls import reverse

from layanan.accounts import services
from layanan.accounts.models import Membership
from layanan.audit.testing import logged_events

from .conftest import PASSWORD, make_user, staff

pytestmark = pytest.mark.django_db


def totp_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_staff_without_totp_is_sent_to_set_it_up(client, units):
    user = staff("op@example.com", Membership.Role.OPERATOR, units["x"], totp=False)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    for url in (reverse("accounts:staff_home"), reverse("accounts:profile"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    api = client.get("/api/v1/akun/saya")
    assert api.status_code == 403
    assert api.json()["code"] == "mfa_required"
    # The setup page works (allauth asks for the password again first); after activation the
    # workspace opens.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    assert secret, page[:3000]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret.group(1))})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get(reverse("accounts:staff_home")).status_code == 200


def test_citizens_are_not_forced(client, citizen_a):
    client.force_login(citizen_a)
    assert client.get(reverse("accounts:profile")).status_code == 200


@override_settings(LAYANAN_DEMO_STAFF_WITHOUT_TOTP=True)
def test_demo_setting_exempts_only_labelled_demo_staff(client, units):
    demo = staff("demo-op@example.com", Membership.Role.OPERATOR, units["x"], totp=False)
    demo.is_demo = True
    demo.save()
    real = staff("real-op@example.com", Membership.Role.OPERATOR, units["x"], totp=False)
    client.force_login(demo)
    assert client.get(reverse("accounts:staff_home")).status_code == 200
    client.force_login(real)
    assert client.get(reverse("accounts:staff_home")).status_code == 302


def test_demo_staff_without_the_demo_setting_must_set_up_totp(client, units):
    demo = staff("demo-op@example.com", Membership.Role.OPERATOR, units["x"], totp=False)
    demo.is_demo = True
    demo.save()
    client.force_login(demo)
    assert client.get(reverse("accounts:staff_home"))["Location"] == reverse("mfa_activate_totp")


def test_staff_login_asks_for_the_totp_code(client, operator_x):
    response = client.post(
        reverse("account_login"), {"login": operator_x.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not client.get(reverse("accounts:staff_home")).wsgi_request.user.is_authenticated


def test_admin_only_for_admin_sistem_with_totp(client, citizen_a, operator_x, admin_sistem):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/akun/login/?next=")
    client.force_login(citizen_a)
    assert client.get("/admin/", follow=True).status_code == 403
    client.force_login(operator_x)
    assert client.get("/admin/", follow=True).status_code == 403
    client.force_login(admin_sistem)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_admin_totp_reset_is_audited_and_ends_sessions(client, admin_sistem, operator_x, units):
    with pytest.raises(Exception, match=r"mfa\.reset"):
        services.mfa_reset(actor=operator_x, user=admin_sistem)
    other = client.__class__()
    other.post(reverse("account_login"), {"login": operator_x.email, "password": PASSWORD})
    client.force_login(admin_sistem)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_totp", "_selected_action": [operator_x.pk]},
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=operator_x).exists()
    event = logged_events().get(action="mfa.reset")
    assert event.actor == admin_sistem
    assert event.object_id == str(operator_x.pk)
    assert event.role == "admin_sistem"
    assert event.unit_slug == "pemkab"


def test_superuser_without_role_still_needs_totp_for_admin(client, db):
    root = make_user("root@example.com", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")
