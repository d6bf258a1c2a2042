"""Login throttling and per-address form limits, counted in the database (`ThrottleCounter`).

Counters never live in a cache: a cache may evict them (Django's file cache deletes a random third of its
entries past 300, so anonymous page views would wipe a lock), and its `incr` may move the expiry. Each counter
has an exact fixed window that starts with its first hit; a hit is one conditional UPDATE (or an INSERT for
the first), so concurrent requests on SQLite, PostgreSQL and MariaDB never lose a count.

Login rules (numbers in settings.LOGIN_THROTTLE):

- per (account, client address) pair: after `per_pair` failures the account is locked *from that address*
  for the rest of the window; the right password is refused there, but works from anywhere else;
- per client address: past `per_ip` failures (an address trying many accounts) each account gets only
  `per_pair_busy_ip` failures from it. An account without failures of its own from that address still logs
  in with its right password, so members sharing a carrier NAT never lock each other out;
- per account, across every address: past `per_account` failures each further attempt must wait, starting at
  `delay_seconds` and doubling per failure up to `max_delay_seconds`. It slows a distributed attack down and
  never locks the account for long; a locked or waiting member can ask for a sign-in link by e-mail.
"""

import datetime
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from pasarmurah.accounts.models import ThrottleCounter

DEFAULT_LIMITS = {
    "per_pair": 5,
    "per_ip": 50,
    "per_pair_busy_ip": 2,
    "per_account": 10,
    "delay_seconds": 2,
    "max_delay_seconds": 120,
    "window_seconds": 15 * 60,
}


def _limits() -> dict:
    return DEFAULT_LIMITS | getattr(settings, "LOGIN_THROTTLE", {})


def counter_key(kind: str, *values: str) -> str:
    """A keyed hash of what is counted: the table never holds an e-mail or an address in clear."""
    raw = "|".join([kind, *(value.strip().lower() for value in values)])
    return salted_hmac("pasarmurah.accounts.throttle", raw, algorithm="sha256").hexdigest()


def client_ip(request) -> str:
    """The client's address; behind a trusted proxy (BEHIND_PROXY=1), the one the proxy appended last."""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


# --- Counters -----------------------------------------------------------------------------------------------


def counter_hit(*, key: str, window_seconds: int) -> int:
    """Count one hit under `key` and return the count in the current window (a new window starts at 1)."""
    for _attempt in range(5):
        now = timezone.now()
        with transaction.atomic():
            rows = ThrottleCounter.objects.filter(key=key)
            if rows.filter(expires_at__gt=now).update(count=F("count") + 1, last_at=now):
                return rows.values_list("count", flat=True).get()
            expires_at = now + datetime.timedelta(seconds=window_seconds)
            if rows.filter(expires_at__lte=now).update(count=1, expires_at=expires_at, last_at=now):
                return 1
            try:
                with transaction.atomic():
                    ThrottleCounter.objects.create(key=key, count=1, expires_at=expires_at, last_at=now)
                return 1
            except IntegrityError:
                pass  # a concurrent request created it a moment ago: count on that row
    raise RuntimeError("throttle counter could not be written")  # pragma: no cover - five lost races


def counter_clear(*keys: str) -> None:
    ThrottleCounter.objects.filter(key__in=keys).delete()


def counter_seconds_left(*, key: str, limit: int) -> int:
    """When `key` has reached `limit` in its current window: the seconds until the window ends; else 0."""
    now = timezone.now()
    row = ThrottleCounter.objects.filter(key=key, expires_at__gt=now, count__gte=limit).first()
    return _seconds_until(row.expires_at, now) if row else 0


def login_window_seconds() -> int:
    return _limits()["window_seconds"]


def counters_prune() -> int:
    """Delete the counters whose window has ended (hourly job)."""
    deleted, _ = ThrottleCounter.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def rate_limited(*, action: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one `action` by `key` (e.g. a client address) and say whether it went over `limit` in the window.

    For forms that send mail to an address the visitor types (registration, password reset, sign-in link)
    and the visitors' contact form, so the shop cannot be used to flood someone's inbox or the staff's.
    """
    return counter_hit(key=counter_key(f"rate:{action}", key), window_seconds=window_seconds) > limit


# --- Login --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginHold:
    """Why a login attempt is not even checked, and for how many more seconds."""

    LOCKED = "locked"  # this account from this address, until the window ends
    WAIT = "wait"  # this account from anywhere, a short growing wait between attempts

    kind: str
    seconds: int


def _login_keys(email: str, ip: str) -> tuple[str, str, str]:
    return (
        counter_key("login:pair", email, ip),
        counter_key("login:ip", ip),
        counter_key("login:account", email),
    )


def _seconds_until(moment: datetime.datetime, now: datetime.datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def login_hold(*, email: str, ip: str) -> LoginHold | None:
    """Whether an attempt for `email` from `ip` must be refused before its password is even checked."""
    limits = _limits()
    now = timezone.now()
    pair_key, ip_key, account_key = _login_keys(email, ip)
    rows = {
        row.key: row
        for row in ThrottleCounter.objects.filter(key__in=[pair_key, ip_key, account_key], expires_at__gt=now)
    }
    pair, address, account = rows.get(pair_key), rows.get(ip_key), rows.get(account_key)
    pair_limit = limits["per_pair"]
    if address is not None and address.count >= limits["per_ip"]:
        pair_limit = min(pair_limit, limits["per_pair_busy_ip"])
    if pair is not None and pair.count >= pair_limit:
        return LoginHold(LoginHold.LOCKED, _seconds_until(pair.expires_at, now))
    if account is not None and account.count >= limits["per_account"]:
        doublings = account.count - limits["per_account"]
        delay = min(limits["delay_seconds"] * 2 ** min(doublings, 30), limits["max_delay_seconds"])
        ready_at = account.last_at + datetime.timedelta(seconds=delay)
        if ready_at > now:
            return LoginHold(LoginHold.WAIT, _seconds_until(ready_at, now))
    return None


def login_failed(*, email: str, ip: str) -> None:
    window = _limits()["window_seconds"]
    for key in _login_keys(email, ip):
        counter_hit(key=key, window_seconds=window)


def login_succeeded(*, email: str, ip: str) -> None:
    """The right password from this address: its own failures there are forgiven (the account's stay)."""
    pair_key, _ip_key, _account_key = _login_keys(email, ip)
    counter_clear(pair_key)


def login_unlocked(*, email: str, ip: str) -> None:
    """The member proved it reads its mail (sign-in link, password reset): account and pair start afresh."""
    pair_key, _ip_key, account_key = _login_keys(email, ip)
    counter_clear(pair_key, account_key)


def login_forget(*, email: str) -> None:
    """The account's own counter goes with the account (erasure); per-address ones end with their window."""
    counter_clear(counter_key("login:account", email))
