"""Validation of members' birth dates and postal codes, shared by models and forms (phones: core.phones)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_MEMBER_AGE_YEARS = 10
MAX_MEMBER_AGE_YEARS = 120


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
