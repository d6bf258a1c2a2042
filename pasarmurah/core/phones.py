"""Indonesian phone numbers: normalised to E.164 (+62...) for storage, shown in the national form."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


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


def format_phone_national(value: str) -> str:
    """+6281234567890 -> '0812-3456-7890' for people; an empty value stays empty, an unreadable one unchanged.
    E.164 stays in storage and in tel: and WhatsApp links."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
