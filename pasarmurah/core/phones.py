"""Showing phone numbers: one national format for people (0812-3456-7890); E.164 (+62...) stays in storage
and in tel: and WhatsApp links."""

import phonenumbers


def format_phone_national(value: str) -> str:
    """+6281234567890 -> '0812-3456-7890'; an empty value stays empty, an unreadable one unchanged."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
