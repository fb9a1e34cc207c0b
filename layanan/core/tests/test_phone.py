import pytest
from django.utils import translation

from layanan.core.crypto import blind_index
from layanan.core.phone import PhoneError, to_e164, to_e164_lenient


@pytest.mark.parametrize("raw", ["081234567890", "6281234567890", "+62 812-3456-7890"])
def test_one_canonical_form(raw):
    assert to_e164(raw) == "+6281234567890"
    assert to_e164_lenient(raw) == "+6281234567890"


def test_invalid_numbers_have_a_code_and_a_message_in_both_languages():
    with pytest.raises(PhoneError) as exc:
        to_e164("0812")
    assert exc.value.code == "phone_invalid"
    assert "Nomor HP" in exc.value.message
    with translation.override("en"), pytest.raises(PhoneError) as exc:
        to_e164("")
    assert exc.value.code == "phone_empty"
    assert exc.value.message == "Enter a mobile number."


def test_lenient_form_never_raises_and_blind_index_agrees_across_spellings():
    assert to_e164_lenient("0812") == "+62812"
    assert to_e164_lenient("") == ""
    assert blind_index("0812 3456 7890", purpose="phone") == blind_index(
        "+6281234567890", purpose="phone"
    )
