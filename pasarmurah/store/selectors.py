"""Reads of the store domain."""

from django.core.cache import cache

from pasarmurah.store.models import BankAccount, StoreProfile

PROFILE_CACHE_KEY = "store:profile:v1"
PROFILE_CACHE_SECONDS = 300


def store_profile() -> StoreProfile:
    """The store profile, cached: it is on every page (header, footer) and changes rarely."""
    profile = cache.get(PROFILE_CACHE_KEY)
    if profile is None:
        profile = StoreProfile.load()
        cache.set(PROFILE_CACHE_KEY, profile, PROFILE_CACHE_SECONDS)
    return profile


BANKS_CACHE_KEY = "store:banks:v1"


def email_context() -> dict:
    """What every e-mail template may use from the store (settings.MAIL_CONTEXT): its profile."""
    return {"store": store_profile()}


def store_profile_forget() -> None:
    """Drop the cached profile and bank accounts after the owner changes them."""
    cache.delete_many([PROFILE_CACHE_KEY, BANKS_CACHE_KEY])


def active_bank_accounts() -> list[BankAccount]:
    """The accounts members transfer to, cached like the profile they belong to."""
    accounts = cache.get(BANKS_CACHE_KEY)
    if accounts is None:
        accounts = list(BankAccount.objects.filter(is_active=True))
        cache.set(BANKS_CACHE_KEY, accounts, PROFILE_CACHE_SECONDS)
    return accounts
