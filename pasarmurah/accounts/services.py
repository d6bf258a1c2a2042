"""Writes of the accounts domain."""

from django.contrib.auth.models import Group
from django.db import transaction

from pasarmurah.accounts.models import Address, User
from pasarmurah.accounts.roles import ROLE_BY_SLUG


@transaction.atomic
def staff_account_create(*, role: str, email: str, full_name: str, password: str) -> User:
    """Create (or update) a staff account holding one role: 'cs' (Customer Service) or 'owner'."""
    group = Group.objects.get(name=ROLE_BY_SLUG[role])
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, full_name=full_name, is_staff=True)
    else:
        user.full_name = full_name
        user.is_staff = True
        user.is_active = True
        user.set_password(password)
        user.save(update_fields=["full_name", "is_staff", "is_active", "password"])
    user.groups.set([group])
    return user


@transaction.atomic
def address_make_default(*, address: Address) -> Address:
    """Make one address the member's default; the others lose the flag."""
    Address.objects.filter(user_id=address.user_id, is_default=True).exclude(pk=address.pk).update(
        is_default=False
    )
    if not address.is_default:
        address.is_default = True
        address.save(update_fields=["is_default", "updated_at"])
    return address
