import pytest
from django.core.exceptions import ValidationError

from pasarmurah.core.phones import (
    format_phone_national,
    normalize_indonesian_phone,
    validate_indonesian_phone,
)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(0271) 712345", "+62271712345"),
    ],
)
def test_indonesian_numbers_are_stored_as_plus_62(raw, stored):
    assert normalize_indonesian_phone(raw) == stored


@pytest.mark.parametrize(
    "raw", ["", "12345", "+60123456789", "+14155550123", "08123", "abc", "0" * 40, "'; DROP"]
)
def test_numbers_that_are_not_indonesian_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_indonesian_phone(raw)


def test_model_validator_wants_the_normalized_form():
    validate_indonesian_phone("+6281234567890")
    with pytest.raises(ValidationError):
        validate_indonesian_phone("081234567890")


def test_stored_numbers_are_shown_in_the_national_form():
    assert format_phone_national("+6281234567890") == "0812-3456-7890"
    assert format_phone_national("not a number") == "not a number"
