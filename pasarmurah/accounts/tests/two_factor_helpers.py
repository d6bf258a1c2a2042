"""A staff member with an authenticator: enrol it as the page would, and compute its codes like the app."""

import time

from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pasarmurah.accounts import two_factor
from pasarmurah.accounts.tests.factories import StaffFactory

PASSWORD = "RahasiaSekali#1"


def staff(role: str, **kwargs):
    user = StaffFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `steps_ahead` 30-second steps later: a code used once is
    never accepted again, and the device accepts the next step too)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def code_for_key(key: str, *, steps_ahead: int = 0) -> str:
    """The code for a base32 key typed by hand (as shown on the enrolment page)."""
    from base64 import b32decode

    raw = key.replace(" ", "")
    raw += "=" * (-len(raw) % 8)
    totp = TOTP(b32decode(raw), 30, 0, 6, 0)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = two_factor.enrolment_device(user=user)
    codes = two_factor.enrolment_confirm(user=user, device=device, code=code(device))
    device.refresh_from_db()
    return device, codes
