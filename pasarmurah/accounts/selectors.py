"""Reads of the accounts domain."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from pasarmurah.accounts.models import Address, NewsletterSubscription, User
from pasarmurah.core.phones import normalize_indonesian_phone
from pasarmurah.core.privacy import export_section


def member_match(*, query: str) -> Q:
    """The condition of a member matching a name, e-mail or phone number (08xx, 62xx or +62 form, with any
    separators; four digits or more of a number match its tail)."""
    query = query.strip()
    condition = Q(full_name__icontains=query) | Q(email__icontains=query)
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 4:
        try:
            condition |= Q(phone=normalize_indonesian_phone(query))
        except ValidationError:
            tail = digits[1:] if digits.startswith("0") else digits
            condition |= Q(phone__contains=tail)
    return condition


def member_addresses(*, user: User) -> list[Address]:
    """The member's address book as Address.Meta orders it (default first, then the newest), sorted here:
    a member has a handful of addresses, and the ORM's ORDER BY costs more than the query itself."""
    addresses = list(Address.objects.filter(user=user).order_by())
    return sorted(addresses, key=lambda address: (not address.is_default, -address.created_at.timestamp()))


def member_search(*, query: str = "") -> QuerySet[User]:
    """Members (not staff, not erased) matching a name, e-mail or phone number (08xx or +62 form)."""
    members = User.objects.filter(is_staff=False, anonymised_at__isnull=True).order_by("full_name", "pk")
    if not query.strip():
        return members
    return members.filter(member_match(query=query))


@export_section(
    covers=[
        "accounts.User",
        "accounts.Address",
        "accounts.BirthDateCorrection",
        "accounts.NewsletterSubscription",
    ],
    excludes={
        "admin.LogEntry": "Django admin's log of staff edits; members never reach the admin, and a staff "
        "member's log is about the staff member's work",
        "accounts.User_groups": "staff roles (Customer Service, Owner); members hold none",
        "accounts.User_user_permissions": "staff permissions; members hold none",
        "otp_totp.TOTPDevice": "a staff member's two-step login app: its secret key is never handed out, "
        "and members hold none",
        "otp_static.StaticDevice": "a staff member's recovery codes: secrets, and members hold none",
    },
    withholds={
        "accounts.User": "the password hash and the staff flags: a secret, and nothing about the member",
        "accounts.BirthDateCorrection": "which staff member made the correction (the date, old and new "
        "values and the reason are exported)",
    },
)
def member_export_account_data(*, user: User) -> dict:
    """The accounts part of a member's data export: profile, preferences, addresses, birth date fixes."""
    return {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "phone": user.phone,
            "birth_date": user.birth_date.isoformat() if user.birth_date else None,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_verified_at": user.email_verified_at.isoformat() if user.email_verified_at else None,
            "language": user.language,
            "default_address_province": user.get_default_province_display(),
        },
        "preferences": {
            "promotional_email": user.accepts_marketing,
            "wishlist_alerts": user.wishlist_alerts,
        },
        "promotional_consent": _consent_export(user=user),
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


def _consent_export(*, user: User) -> dict | None:
    """The record of the member's promotional consent: its state, where and when it was given or withdrawn."""
    subscription = NewsletterSubscription.objects.filter(user=user).first()
    if subscription is None:
        return None
    return {
        "email": subscription.email,
        "status": subscription.status,
        "source": subscription.source,
        "signed_up_at": subscription.requested_at.isoformat() if subscription.requested_at else None,
        "given_at": subscription.confirmed_at.isoformat() if subscription.confirmed_at else None,
        "withdrawn_at": subscription.withdrawn_at.isoformat() if subscription.withdrawn_at else None,
    }


def member_export_sections() -> list:
    """Every section of the member export: the accounts part, then each domain's from
    settings.MEMBER_EXPORT_SECTIONS."""
    return [member_export_account_data, *(import_string(path) for path in settings.MEMBER_EXPORT_SECTIONS)]


def member_data_export(*, user: User) -> dict:
    """Everything the shop holds about a member, for its download (UU PDP right of access)."""
    data = {"exported_at": timezone.now().isoformat()}
    for section in member_export_sections():
        data.update(section(user=user))
    return data


def member_for_counter(query: str) -> User | None:
    """The member a cashier means by a phone number (any format: 0812-..., 62812..., +62 812...) or an
    e-mail address: an exact match only, so a counter sale never lands on a look-alike account."""
    query = query.strip()
    if not query:
        return None
    members = User.objects.filter(is_staff=False, is_active=True, anonymised_at__isnull=True)
    if "@" in query:
        return members.filter(email__iexact=query).first()
    try:
        phone = normalize_indonesian_phone(query)
    except ValidationError:
        return None
    return members.filter(phone=phone).order_by("pk").first()


def account_dashboard_cards(*, user: User) -> list[dict]:
    """Extra cards of the member's account page from the domains above (settings.ACCOUNT_DASHBOARD_CARDS:
    dotted paths called with user=, each giving a dict with its `template` and context, or None)."""
    cards = (import_string(path)(user=user) for path in settings.ACCOUNT_DASHBOARD_CARDS)
    return [card for card in cards if card]
