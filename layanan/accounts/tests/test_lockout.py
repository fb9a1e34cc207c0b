import pytest
from django.test import override_settings
from django.urls import reverse

from layanan.audit.testing import logged_events

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def login(client, login, password):
    return client.post(reverse("account_login"), {"login": login, "password": password})


@override_settings(LAYANAN_LOGIN_LOCKOUT_ATTEMPTS=5)
def test_account_locks_after_five_failures_whatever_the_spelling(client):
    user = make_user("ani@example.com")
    user.phone = "+6281234567890"
    user.save()
    other = make_user("budi@example.com")
    spellings = [
        "081234567890",
        "+6281234567890",
        "6281234567890",
        "0812 3456 7890",
        "ani@example.com",
    ]
    for spelling in spellings:
        response = login(client, spelling, "wrong-password")
        assert response.status_code == 200
        assert "salah" in response.content.decode()
    response = login(client, "ani@example.com", PASSWORD)
    assert response.status_code == 200
    assert "dikunci sementara" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert logged_events().filter(action="auth.login_failed", object_id=str(user.pk)).count() == 5
    # Another account is not affected.
    response = login(client, other.email, PASSWORD)
    assert response.status_code == 302
