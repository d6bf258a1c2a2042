import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pasarmurah.accounts.validators import (
    normalize_indonesian_phone,
    validate_birth_date,
    validate_indonesian_phone,
    years_between,
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


def test_birth_date_in_the_future_is_refused(settings):
    with pytest.raises(ValidationError) as error:
        validate_birth_date(timezone.localdate() + datetime.timedelta(days=2))
    assert error.value.code == "future"


@pytest.mark.parametrize(("years_ago", "code"), [(130, "too_old"), (3, "too_young")])
def test_implausible_birth_dates_are_refused(years_ago, code):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        validate_birth_date(today.replace(year=today.year - years_ago, day=min(today.day, 28)))
    assert error.value.code == code


def test_plausible_birth_date_passes():
    validate_birth_date(datetime.date(1990, 2, 28))


def test_years_between_counts_whole_years():
    assert years_between(datetime.date(2000, 2, 29), datetime.date(2026, 2, 28)) == 25
    assert years_between(datetime.date(2000, 2, 29), datetime.date(2026, 3, 1)) == 26
    assert years_between(datetime.date(1990, 12, 31), datetime.date(2026, 12, 31)) == 36
