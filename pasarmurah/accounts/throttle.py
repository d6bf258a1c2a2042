"""Login throttling in the shared cache (file cache on one host, Redis across hosts): per account and per
client address, counted over a fixed window that starts at the first failure."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _limits() -> dict:
    return {"per_email": 5, "per_ip": 20, "window_seconds": 15 * 60} | getattr(settings, "LOGIN_THROTTLE", {})


def _key(kind: str, value: str) -> str:
    return f"accounts:login-fail:{kind}:{hashlib.sha256(value.strip().lower().encode()).hexdigest()}"


def client_ip(request) -> str:
    """The client's address; behind a trusted proxy (BEHIND_PROXY=1), the one the proxy appended last."""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def login_blocked(*, email: str, ip: str) -> bool:
    limits = _limits()
    return (cache.get(_key("email", email), 0) >= limits["per_email"]) or (
        cache.get(_key("ip", ip), 0) >= limits["per_ip"]
    )


def login_failed(*, email: str, ip: str) -> None:
    window = _limits()["window_seconds"]
    for key in (_key("email", email), _key("ip", ip)):
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)


def login_succeeded(*, email: str) -> None:
    cache.delete(_key("email", email))


def rate_limited(*, action: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one `action` by `key` (e.g. a client address) and say whether it went over `limit` in the window.

    For actions that send mail to an address the visitor types (registration, password reset), so the shop
    cannot be used to flood someone's inbox.
    """
    cache_key = _key(f"rate:{action}", key)
    cache.add(cache_key, 0, window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, window_seconds)
        count = 1
    return count > limit
