"""Staff two-factor login: TOTP from an authenticator app, with single-use recovery codes (django-otp).

settings.STAFF_2FA decides: "required" (Owners and superusers must enrol; any staff account that has enrolled
must give its code), "optional" (staff may enrol; who has, gives the code), "off" (no second step). A staff
login with an enrolled device stops after the password: the session holds only a pending login, and the
account is logged in when its code (or a recovery code) is right. Codes are throttled per account and client
address in the login throttle's table. StaffTwoFactorMiddleware keeps every staff page and the admin closed
to a session that has not passed the step (a session logged in another way, an Owner not yet enrolled).
"""

import time
from base64 import b32encode
from dataclasses import dataclass

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pasarmurah.accounts import throttle
from pasarmurah.accounts.models import User
from pasarmurah.accounts.roles import OWNER

MODES = ("required", "optional", "off")
RECOVERY_CODES = 10
PENDING_KEY = "accounts:2fa_pending"
NEW_CODES_KEY = "accounts:2fa_new_codes"
PENDING_SECONDS = 5 * 60
DEVICE_NAME = "Aplikasi autentikator"
RECOVERY_NAME = "Kode cadangan"


def mode() -> str:
    value = str(getattr(settings, "STAFF_2FA", "required")).strip().lower()
    return value if value in MODES else "required"  # a typo never turns the second step off


def offered(user) -> bool:
    """Whether this account may (or must) use a second step at all: staff, with the setting not off."""
    return mode() != "off" and user.is_authenticated and user.is_staff and user.is_active


def required(user) -> bool:
    """The Owner (and a superuser) must enrol when STAFF_2FA=required; Customer Service may choose."""
    if mode() != "required" or not offered(user):
        return False
    return user.is_superuser or user.groups.filter(name=OWNER).exists()


def enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def code_needed(user) -> bool:
    """Whether a login of this account stops for its code."""
    return offered(user) and enrolled(user)


def verified(request) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


# --- The pending login (password checked, code not yet) ----------------------------------------------------


@dataclass(frozen=True)
class PendingLogin:
    user: User
    remember: bool
    next_url: str


def pending_start(request, *, user: User, remember: bool, next_url: str) -> None:
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "password": user.password[-16:],  # a password changed meanwhile spends the pending login
        "remember": remember,
        "next": next_url,
        "at": int(time.time()),
    }


def pending_get(request) -> PendingLogin | None:
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict) or time.time() - data.get("at", 0) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or not constant_time_compare(user.password[-16:], str(data.get("password", ""))):
        return None
    return PendingLogin(user=user, remember=bool(data.get("remember")), next_url=str(data.get("next", "")))


def pending_clear(request) -> None:
    request.session.pop(PENDING_KEY, None)


# --- Codes --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCheck:
    device: object | None = None
    locked_seconds: int = 0


def _failure_key(user: User, ip: str) -> str:
    return throttle.counter_key("2fa", str(user.pk), ip)


def code_check(*, user: User, code: str, ip: str) -> CodeCheck:
    """Check a TOTP code or a recovery code of `user`; a recovery code is spent by its use.

    Past settings.STAFF_2FA_MAX_FAILURES wrong codes from this address in the login throttle's window, the
    step is locked there until the window ends (the right code too is refused).
    """
    key = _failure_key(user, ip)
    held = throttle.counter_seconds_left(key=key, limit=settings.STAFF_2FA_MAX_FAILURES)
    if held:
        return CodeCheck(locked_seconds=held)
    code = "".join(code.split()).lower()
    device = None
    with transaction.atomic():
        for candidate in django_otp.devices_for_user(user, confirmed=True, for_verify=True):
            if candidate.verify_token(code):
                device = candidate
                break
    if device is None:
        throttle.counter_hit(key=key, window_seconds=throttle.login_window_seconds())
        return CodeCheck()
    throttle.counter_clear(key)
    return CodeCheck(device=device)


def is_recovery(device) -> bool:
    return isinstance(device, StaticDevice)


def session_verified(request, device) -> None:
    """Mark this (logged-in) session as having passed the second step with `device`."""
    django_otp.login(request, device)


# --- Enrolment ----------------------------------------------------------------------------------------------


def enrolment_device(*, user: User) -> TOTPDevice:
    """The account's unconfirmed authenticator while it enrols (one, kept until confirmed or replaced)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def enrolment_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG QR code (no script, no style attribute: CSP-safe)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")


def enrolment_key(device: TOTPDevice) -> str:
    """The secret key in base32, in groups of four, for typing into an app by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def enrolment_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a code from it: the new recovery codes, or None for a wrong code."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token("".join(code.split())):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_renew(user=user)


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """A fresh set of recovery codes (the old ones stop working); shown once, stored as the library does."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    """Remove the account's authenticator and recovery codes (never while it is required)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
