"""Whole storefront pages cached for visitors, so the busiest pages skip their rendering.

Only for visitors who carry nothing personal: not logged in, an empty cart and no pending messages. The one
per-visitor part of such a page, its CSRF token, is rendered as a placeholder into the cached copy (see the
`csrf_placeholder` context processor) and filled in with this visitor's own token on every response. The key
holds the full path, the language, htmx's request kind and the key parts the caller passes (the storefront's
views pass the catalog version and the running promos, so a catalog change or a promo starting shows at once);
everything else (stock moved by orders, the store profile, testimonials) shows within PAGE_SECONDS.
"""

import functools
import hashlib
from collections.abc import Callable, Iterable

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

PAGE_SECONDS = 60
CACHE_ALIAS = "pages"  # bounded and apart from the small shared values (settings.CACHES)
PLACEHOLDER = "PM-CSRF-PLACEHOLDER-7f3c9a"
REQUEST_FLAG = "_pm_page_cache_render"


def _cacheable_visitor(request) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    if request.session.get("cart"):  # the header shows this visitor's cart count
        return False
    return len(get_messages(request)) == 0  # len() reads the messages without marking them shown


def _key(request, parts: Iterable[object]) -> str:
    htmx = request.headers.get("HX-Request", "") + request.headers.get("HX-History-Restore-Request", "")
    raw = "|".join([request.get_full_path(), get_language() or "", htmx, *map(str, parts)])
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def visitor_page_cache(*, key_parts: Callable[[], Iterable[object]]):
    """Serve a cached copy of the page to visitors without personal state (and keep one when missing).

    `key_parts()` gives what else the page depends on (e.g. the catalog version and the running promos): it is
    called on every cacheable request, so a change of any part serves a fresh page at once.
    """
    return functools.partial(_cached_view, key_parts=key_parts)


def _cached_view(view, *, key_parts: Callable[[], Iterable[object]]):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_visitor(request):
            return view(request, *args, **kwargs)
        key = _key(request, key_parts())
        cache = caches[CACHE_ALIAS]
        cached = cache.get(key)
        if cached is None:
            setattr(request, REQUEST_FLAG, True)
            response = view(request, *args, **kwargs)
            setattr(request, REQUEST_FLAG, False)
            if response.status_code != 200 or response.streaming or response.cookies:
                return _with_token(request, response)
            cached = {"content": response.content, "headers": dict(response.items())}
            cache.set(key, cached, PAGE_SECONDS)
        response = HttpResponse(cached["content"])
        for name, value in cached["headers"].items():
            response[name] = value
        patch_vary_headers(response, ["Cookie", "HX-Request"])
        return _with_token(request, response)

    return wrapper


def _with_token(request, response):
    """Put this visitor's CSRF token where the placeholder stands (and make sure its cookie is set)."""
    if PLACEHOLDER.encode() in response.content:
        response.content = response.content.replace(PLACEHOLDER.encode(), get_token(request).encode())
    return response


def csrf_placeholder(request):
    """While a page renders for the visitor cache, its CSRF token is a placeholder (filled per response)."""
    if getattr(request, REQUEST_FLAG, False):
        return {"csrf_token": PLACEHOLDER}
    return {}
