import pytest
from django.test import Client
from django.urls import reverse

from layanan.accounts import services
from layanan.audit.testing import logged_events

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_session_list_and_log_out_other_devices(db):
    user = make_user("ani@example.com")
    phone = Client(HTTP_USER_AGENT="Android HP murah", REMOTE_ADDR="203.0.113.45")
    laptop = Client(HTTP_USER_AGENT="Laptop Firefox", REMOTE_ADDR="198.51.100.7")
    for client in (phone, laptop):
        client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    page = laptop.get(reverse("usersessions_list")).content.decode()
    assert "Android HP murah" in page
    assert "Laptop Firefox" in page
    assert "203.0.113.***" in page
    assert "203.0.113.45" not in page
    assert "Keluar dari perangkat lain" in page
    laptop.post(reverse("usersessions_list"), {})
    assert not phone.get(reverse("accounts:profile")).wsgi_request.user.is_authenticated
    assert laptop.get(reverse("accounts:profile")).status_code == 200


def test_password_reset_by_sms_code(client, monkeypatch):
    sent = []
    monkeypatch.setattr(
        services, "sms_send", lambda *, phone, message, **kw: sent.append((phone, message))
    )
    user = make_user("ani@example.com")
    user.phone = "+6281234567890"
    user.save()
    client.post(reverse("accounts:sms_reset_request"), {"phone": "0812 3456 7890"})
    assert len(sent) == 1
    assert sent[0][0] == "+6281234567890"
    code = "".join(ch for ch in sent[0][1].split(":")[1][:8] if ch.isdigit())
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(
        reverse("accounts:sms_reset_confirm"),
        {"phone": "081234567890", "code": wrong, "new_password": "Sandi-baru-2026"},
    )
    assert "Kode salah" in response.content.decode()
    response = client.post(
        reverse("accounts:sms_reset_confirm"),
        {"phone": "081234567890", "code": code, "new_password": "Sandi-baru-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Sandi-baru-2026")
    assert logged_events().filter(action="auth.password_reset_sms").exists()
    # The code is single-use.
    response = client.post(
        reverse("accounts:sms_reset_confirm"),
        {"phone": "081234567890", "code": code, "new_password": "Lain-lagi-2026"},
    )
    assert "Kode salah" in response.content.decode()


def test_sms_code_dies_after_too_many_wrong_tries(client, monkeypatch, settings):
    settings.LAYANAN_SMS_RESET_MAX_ATTEMPTS = 3
    sent = []
    monkeypatch.setattr(services, "sms_send", lambda *, phone, message, **kw: sent.append(message))
    user = make_user("ani@example.com")
    user.phone = "+6281234567890"
    user.save()
    services.sms_reset_request(phone="081234567890")
    code = "".join(ch for ch in sent[0].split(":")[1][:8] if ch.isdigit())
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(3):
        with pytest.raises(Exception, match="code"):
            services.sms_reset_confirm(phone="081234567890", code=wrong, new_password="Xx-12345678")
    with pytest.raises(Exception, match="code"):
        services.sms_reset_confirm(phone="081234567890", code=code, new_password="Xx-12345678")


def test_unknown_number_gets_the_same_answer(client, monkeypatch):
    sent = []
    monkeypatch.setattr(services, "sms_send", lambda **kw: sent.append(kw))
    response = client.post(reverse("accounts:sms_reset_request"), {"phone": "081299999999"})
    assert response.status_code == 302
    assert sent == []


def test_sms_goes_through_the_notifications_delivery_log(db):
    from layanan.notifications.models import Delivery

    user = make_user("ani@example.com")
    user.phone = "+6281234567890"
    user.save()
    services.sms_reset_request(phone="081234567890")
    delivery = Delivery.objects.get()
    assert delivery.purpose == "password_reset"
    assert "Kode atur ulang" in delivery.body
