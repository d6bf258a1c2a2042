"""Validation of Indonesian phone numbers and birth dates, shared by models and forms."""

import datetime

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_MEMBER_AGE_YEARS = 10
MAX_MEMBER_AGE_YEARS = 120


def normalize_indonesian_phone(raw: str) -> str:
    """Return an Indonesian phone number as E.164 (+62...), accepting 08xx, 62xx, +62 xx and separators.

    Raises ValidationError when the number is not a valid Indonesian number.
    """
    text = (raw or "").strip()
    if not text or len(text) > 32:
        raise ValidationError(
            _("Enter an Indonesian phone number, for example 0812-3456-7890."), code="invalid"
        )
    if text.startswith("62"):
        text = "+" + text
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter an Indonesian phone number, for example 0812-3456-7890."), code="invalid"
        ) from exc
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This is not a valid Indonesian phone number (it should start with 08 or +62)."), code="not_id"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_indonesian_phone(value: str) -> None:
    """Model-level check: the stored value must already be the normalized +62 form."""
    if normalize_indonesian_phone(value) != value:
        raise ValidationError(_("Phone numbers are stored in the form +62..."), code="not_normalized")


def years_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole years from `earlier` to `later` (a person's age on `later`)."""
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))


def validate_birth_date(value: datetime.date) -> None:
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("The birth date cannot be in the future."), code="future")
    age = years_between(value, today)
    if age > MAX_MEMBER_AGE_YEARS:
        raise ValidationError(_("Please check the birth date: the year looks wrong."), code="too_old")
    if age < MIN_MEMBER_AGE_YEARS:
        raise ValidationError(
            _("Members must be at least %(age)d years old.") % {"age": MIN_MEMBER_AGE_YEARS}, code="too_young"
        )


def postal_code_validator(value: str) -> None:
    if not (len(value) == 5 and value.isdigit()):
        raise ValidationError(_("A postal code has 5 digits."), code="invalid")
