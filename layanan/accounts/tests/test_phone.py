import pytest
from django.core.exceptions import ValidationError

from layanan.accounts.phone import normalise_phone


@pytest.mark.parametrize(
    "raw",
    ["081234567890", "0812-3456-7890", "6281234567890", "+6281234567890", "+62 812 3456 7890"],
)
def test_indonesian_mobile_numbers_become_e164(raw):
    assert normalise_phone(raw) == "+6281234567890"


@pytest.mark.parametrize("raw", ["123", "0812", "abcdef", "+62 000"])
def test_invalid_numbers_are_refused_with_a_message(raw):
    with pytest.raises(ValidationError) as exc:
        normalise_phone(raw)
    assert "Nomor HP" in exc.value.messages[0]
