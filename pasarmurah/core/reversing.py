"""URLs reversed once per process: a URL is a function of the view's name, its arguments, the URLconf and the
script prefix, none of which changes while a process runs (the shop's URLs are not translated), and
`django.urls.reverse` costs more than most of what a page's template does (a cart line has three links)."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

KEPT_URLS = 8192  # about 100 bytes each


def reverse_kept(viewname: str, *, args=(), kwargs=None, current_app: str | None = None) -> str:
    """`reverse()`, kept in this process for the same inputs (arguments that cannot be kept are reversed
    each time). A name that does not reverse raises NoReverseMatch each time, as reverse() does."""
    kwargs_items = tuple(sorted((kwargs or {}).items()))
    urlconf = get_urlconf() or settings.ROOT_URLCONF  # the request's, else the project's (tests change it)
    try:
        return _kept(viewname, tuple(args), kwargs_items, current_app, urlconf, get_script_prefix())
    except TypeError:  # an unhashable argument
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)


@functools.lru_cache(maxsize=KEPT_URLS)
def _kept(viewname, args, kwargs_items, current_app, urlconf, prefix) -> str:
    # the URLconf and the script prefix are what reverse() reads besides its arguments: part of the key
    return reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs_items), current_app=current_app)


def kept_urls_forget() -> None:
    """Forget the kept URLs (tests that change the URLconf)."""
    _kept.cache_clear()
