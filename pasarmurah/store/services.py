"""Writes of the store domain."""

from django.db import transaction

from pasarmurah.store.models import StoreProfile
from pasarmurah.store.selectors import store_profile_forget


def store_profile_save(*, profile: StoreProfile) -> StoreProfile:
    """Save the owner's changes to the store profile and refresh every page's copy after commit."""
    profile.full_clean()
    profile.save()
    transaction.on_commit(store_profile_forget)
    return profile
