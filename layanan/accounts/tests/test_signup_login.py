import pytest
from django.urls import reverse

from layanan.accounts.models import User
from layanan.core.crypto import blind_index

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def signup(client, **data):
    payload = {
        "full_name": "Warga Baru",
        "email": "",
        "phone": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    payload.update(data)
    return client.post(reverse("account_signup"), payload)


def test_signup_with_email(client):
    response = signup(client, email="Warga@Example.com")
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="warga@example.com")
    assert user.full_name == "Warga Baru"
    assert user.phone == ""
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_signup_with_phone_stores_e164_and_logs_in_with_any_spelling(client):
    response = signup(client, phone="0812-3456-7890")
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(phone_index=blind_index("+6281234567890", purpose="phone"))
    assert user.phone == "+6281234567890"
    assert user.email is None
    client.logout()
    for spelling in ("6281234567890", "+6281234567890", "081234567890"):
        response = client.post(reverse("account_login"), {"login": spelling, "password": PASSWORD})
        assert response.status_code == 302, spelling
        assert response.wsgi_request.user.pk == user.pk
        client.logout()


def test_two_phone_only_accounts_do_not_collide_on_empty_email(client):
    assert signup(client, phone="081234567890").status_code == 302
    client.logout()
    assert signup(client, phone="081298765432").status_code == 302
    assert User.objects.filter(email__isnull=True).count() == 2


def test_signup_needs_email_or_phone(client):
    response = signup(client)
    assert response.status_code == 200
    assert "Isi email atau nomor HP" in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_a_taken_phone_creates_nothing_and_reveals_nothing(client):
    # Enumeration prevention: the form does not say the number is taken (allauth texts the
    # owner instead), but no second account gets that number.
    user = make_user("x@example.com")
    user.phone = "+6281234567890"
    user.save()
    signup(client, phone="0812 3456 7890")
    assert User.objects.count() == 1


def test_login_with_email(client):
    make_user("ani@example.com")
    response = client.post(
        reverse("account_login"), {"login": "ani@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated


def test_phone_is_encrypted_at_rest(client):
    signup(client, phone="081234567890")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user")
        (stored,) = cursor.fetchone()
    assert "81234567890" not in stored
