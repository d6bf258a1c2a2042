"""Reads of the accounts domain."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from pasarmurah.accounts.models import Address, User
from pasarmurah.core.phones import normalize_indonesian_phone


def member_search(*, query: str = "") -> QuerySet[User]:
    """Members (not staff, not erased) matching a name, e-mail or phone number (08xx or +62 form)."""
    members = User.objects.filter(is_staff=False, anonymised_at__isnull=True).order_by("full_name", "pk")
    query = query.strip()
    if not query:
        return members
    condition = Q(full_name__icontains=query) | Q(email__icontains=query)
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 4:
        try:
            condition |= Q(phone=normalize_indonesian_phone(query))
        except ValidationError:
            tail = digits[1:] if digits.startswith("0") else digits
            condition |= Q(phone__contains=tail)
    return members.filter(condition)


def member_data_export(*, user: User) -> dict:
    """Everything the shop holds about a member, for its download (UU PDP right of access)."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "phone": user.phone,
            "birth_date": user.birth_date.isoformat() if user.birth_date else None,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_verified_at": user.email_verified_at.isoformat() if user.email_verified_at else None,
            "language": user.language,
        },
        "preferences": {
            "promotional_email": user.accepts_marketing,
            "wishlist_alerts": user.wishlist_alerts,
        },
        "addresses": [
            {
                "label": address.label,
                "recipient_name": address.recipient_name,
                "phone": address.phone,
                "street": address.street,
                "city": address.city,
                "province": address.get_province_display(),
                "postal_code": address.postal_code,
                "is_default": address.is_default,
            }
            for address in Address.objects.filter(user=user).order_by("pk")
        ],
        "birth_date_corrections": [
            {
                "old": c.old_value.isoformat() if c.old_value else None,
                "new": c.new_value.isoformat(),
                "reason": c.reason,
                "at": c.created_at.isoformat(),
            }
            for c in user.birth_date_corrections.order_by("pk")
        ],
    }
    for path in settings.MEMBER_EXPORT_SECTIONS:
        data.update(import_string(path)(user=user))
    return data
