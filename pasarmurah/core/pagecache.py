"""Storefront pages cached whole for visitors, and as a shared shell with personal slots for everyone else.

Visitors who carry nothing personal (not logged in, an empty cart and no pending messages) get a cached copy
of the whole page. Its one per-visitor part, the CSRF token, is rendered as a placeholder into the copy (see
the `csrf_placeholder` context processor) and filled in with this visitor's own token on every response.

Members (and visitors with a cart or a pending message) get the page's *shell*: the same page rendered once
with every personal part left as a slot. Templates mark those parts with `{% personal "template.html" %}`
(core/templatetags/shop.py): in a shell render the tag leaves a marker, and on every request each slot is
rendered with this request's context (header with name and cart count, messages, birthday banner, hearts,
wished ids) and joined with the shared HTML; the CSRF placeholder gets this member's token. A shell that
still holds the member's e-mail, name or token is never kept (a template that shows something personal outside
a slot is then only slower, never wrong for another member). Staff always get a fresh render.

A visitor with no session and no message cookie at all (the first visit, a crawler, a shopper who only
browses) is served before the rest of the middleware and the URL resolver run (`VisitorPageMiddleware`,
right after the CSRF middleware): the copy kept for them holds the page with the headers the inner
middleware gave it (frame options, CSP, Vary), split around the CSRF placeholder; the middleware above it
(CSRF cookie, language, session, private pages, security headers, request id) runs on every request as for
any other page. Its key parts come from `settings.PAGE_CACHE_KEY_PARTS`, the function the storefront's views
pass to `visitor_page_cache`; a view passing another one is never served early.

The key holds the full path, the language, htmx's request kind and the key parts the caller passes (the
storefront's views pass the catalog version and the running promos, so a catalog change or a promo starting
shows at once); everything else (stock moved by orders, the store profile, testimonials) shows within
PAGE_SECONDS.
"""

import functools
import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db.models import Model
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import Context, engines
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

PAGE_SECONDS = 60
RECENT_COPIES = 128  # visitors' copies kept in each process's memory too (pages of 30-60 KB: under 8 MB)
SLOT_MEMOS = 2048  # rendered slots kept in each process's memory (a header 1-2 KB, a cart or checkout content
# 5-10 KB: under 20 MB)
CACHE_ALIAS = "pages"  # bounded and apart from the small shared values (settings.CACHES)
PLACEHOLDER = "PM-CSRF-PLACEHOLDER-7f3c9a"
REQUEST_FLAG = "_pm_page_cache_render"  # rendering a copy to share: the CSRF token is a placeholder
SHELL_FLAG = "_pm_page_shell_slots"  # rendering a shell: the list its personal slots are collected in
EARLY_FLAG = "_pm_visitor_page_key_parts"  # VisitorPageMiddleware keeps this page: the key parts it uses
EARLY_PAGE = "_pm_visitor_page"  # on the response: (key parts, content with the placeholder) to keep early
SLOT_MARKER = "PM-SLOT-{}-7f3c9a"
_SLOT_RE = re.compile(rb"PM-SLOT-(\d+)-7f3c9a")


def _cacheable_visitor(request) -> bool:
    if request.user.is_authenticated:
        return False
    if request.session.get("cart"):  # the header shows this visitor's cart count
        return False
    return len(get_messages(request)) == 0  # len() reads the messages without marking them shown


def _key(kind: str, request, parts: Iterable[object]) -> str:
    htmx = request.headers.get("HX-Request", "") + request.headers.get("HX-History-Restore-Request", "")
    raw = "|".join([request.get_full_path(), get_language() or "", htmx, *map(str, parts)])
    return f"{kind}:" + hashlib.sha256(raw.encode()).hexdigest()


def visitor_page_cache(*, key_parts: Callable[[], Iterable[object]]):
    """Serve a cached copy of the page (visitors) or of its shell (members), keeping one when missing.

    `key_parts()` gives what else the page depends on (e.g. the catalog version and the running promos): it is
    called on every cacheable request, so a change of any part serves a fresh page at once.
    """
    return functools.partial(_cached_view, key_parts=key_parts)


def _cached_view(view, *, key_parts: Callable[[], Iterable[object]]):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_staff:
            return view(request, *args, **kwargs)
        if _cacheable_visitor(request):
            return _whole_page(view, request, args, kwargs, key_parts)
        return _shell_page(view, request, args, kwargs, key_parts)

    # VisitorPageMiddleware serves a URL early when its view carries the configured key parts (decorators
    # made with functools.wraps, such as require_GET, pass the attribute on)
    wrapper.visitor_page_key_parts = key_parts
    return wrapper


def _whole_page(view, request, args, kwargs, key_parts):
    parts = list(key_parts())
    key = _key("page", request, parts)
    cache = caches[CACHE_ALIAS]
    cached = cache.get(key)
    # VisitorPageMiddleware keeps this visitor's page itself (with its final headers), so not here too
    early = getattr(request, EARLY_FLAG, None) is key_parts
    if cached is None:
        setattr(request, REQUEST_FLAG, True)
        try:
            response = view(request, *args, **kwargs)
        finally:
            setattr(request, REQUEST_FLAG, False)
        if response.status_code != 200 or response.streaming or response.cookies:
            return _with_token(request, response)
        cached = {"content": response.content, "headers": dict(response.items())}
        if not early:
            cache.set(key, cached, PAGE_SECONDS)
    response = _response(cached["content"], cached["headers"])
    if early:
        setattr(response, EARLY_PAGE, (parts, cached["content"]))
    return _with_token(request, response)


def _shell_page(view, request, args, kwargs, key_parts):
    key = _key("shell", request, key_parts())
    cache = caches[CACHE_ALIAS]
    shell = cache.get(key)
    if shell is None:
        response, slots = _shell_render(request, lambda: view(request, *args, **kwargs))
        if response.streaming:
            return response
        shell = {"parts": _split(response.content, slots), "headers": dict(response.items())}
        if response.status_code != 200 or response.cookies or not _shareable(request, response.content):
            response.content = _fill(request, shell["parts"])
            return response
        cache.set(key, shell, PAGE_SECONDS)
    return _response(_fill(request, shell["parts"]), shell["headers"])


def _shell_render(request, produce: Callable[[], HttpResponse]) -> tuple[HttpResponse, list]:
    """`produce()` rendered as a shell: each `{% personal %}` slot left as a marker and collected, as
    (marker, params) pairs."""
    slots: list[tuple[str, dict]] = []
    setattr(request, REQUEST_FLAG, True)
    setattr(request, SHELL_FLAG, slots)
    try:
        return produce(), slots
    finally:
        setattr(request, REQUEST_FLAG, False)
        setattr(request, SHELL_FLAG, None)


def _response(content: bytes, headers: dict) -> HttpResponse:
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    patch_vary_headers(response, ["Cookie", "HX-Request"])
    return response


def _split(content: bytes, slots: list[tuple[str, dict]]) -> list:
    """The shell as shared HTML (bytes) and slots ((template, params)) in page order."""
    pieces = _SLOT_RE.split(content)
    parts: list = [pieces[0]]
    for index in range(1, len(pieces), 2):
        parts.append(slots[int(pieces[index])])
        parts.append(pieces[index + 1])
    return parts


def _shareable(request, content: bytes) -> bool:
    """Nothing of this person may be in the shared HTML: not their token, e-mail or name."""
    user = request.user
    personal = [get_token(request), getattr(user, "email", ""), getattr(user, "full_name", "")]
    return not any(value and len(value) >= 3 and value.encode() in content for value in personal)


def _fill(request, parts: list, extra: dict | None = None) -> bytes:
    """The shell's HTML with this request's own slots (given `extra`, the view's context) and CSRF token."""
    context = None
    language = get_language()
    out = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            out.append(part)
            continue
        if context is None:
            context = _request_context(request, extra)
        template_name, params = part
        with context.push(params):
            out.append(_slot_html(context, template_name, language).encode())
    content = b"".join(out)
    return content.replace(PLACEHOLDER.encode(), get_token(request).encode())


def _slot_html(context: Context, template_name: str, language: str | None) -> str:
    """A slot rendered, or the same slot's HTML this process rendered for the same inputs (`slot_memo`)."""
    key_of = _slot_keys.get(template_name)
    inputs = key_of(context) if key_of is not None else None
    key = None if inputs is None else (template_name, language, *inputs)
    html = None if key is None else slot_memos.get(key)
    if html is None:
        html = engines["django"].engine.get_template(template_name).render(context)
        if key is not None:
            slot_memos.put(key, html)
    return html


_slot_keys: dict[str, Callable[[Context], tuple | None]] = {}


def slot_memo(template_name: str):
    """Declare what a slot's HTML is a function of, so each process renders it once for the same inputs.

    The decorated function gets the slot's context (the request's context processors' values and the slot's
    params) and returns the inputs as a tuple of hashable values, or None to render this time. The tuple must
    hold everything the template (and what it includes) reads, except the language (added here), the CSRF
    token (a placeholder in slots) and what never changes in a process (URLs, translations); a value left
    out shows one member's HTML to another. Only slots of shared shells are kept, never a slot rendered in
    place, so staff (always rendered fresh) never reach it.
    """

    def register(key_of: Callable[[Context], tuple | None]):
        _slot_keys[template_name] = key_of
        return key_of

    return register


def _request_context(request, extra: dict | None = None) -> Context:
    """The context processors' values for this request, once for all of a page's slots. The slots' forms
    get the placeholder too, so the page's one token is masked once (by _fill)."""
    engine = engines["django"].engine
    values = {}
    for processor in engine.template_context_processors:
        values.update(processor(request))
    values["csrf_token"] = PLACEHOLDER
    values.update(extra or {})
    return Context(values, autoescape=engine.autoescape)


def render_in_shared_layout(
    request, template_name: str, context: dict, *, key_parts: Callable[[], Iterable[object]]
) -> HttpResponse:
    """A page whose content is all personal (the cart, the checkout page) inside a shared copy of its layout.

    The template puts its content in a slot (`{% personal %}`); the rest (head, header, menu, footer) is
    rendered once without the view's context, kept like a page shell (same key, checks and lifetime) and
    joined on every request with the slots, which alone see `context`. Staff get a fresh render.
    """
    if request.user.is_staff:
        return render(request, template_name, context)
    key = _key("layout", request, [template_name, *key_parts()])
    cache = caches[CACHE_ALIAS]
    shell = cache.get(key)
    if shell is None:
        # nothing of the view's context in the shared part
        response, slots = _shell_render(request, lambda: render(request, template_name, {}))
        shell = {"parts": _split(response.content, slots), "headers": dict(response.items())}
        if response.status_code != 200 or response.cookies or not _shareable(request, response.content):
            return render(request, template_name, context)
        cache.set(key, shell, PAGE_SECONDS)
    return _response(_fill(request, shell["parts"], context), shell["headers"])


def personal_slot(context, template_name: str, params: dict) -> str:
    """What `{% personal %}` puts in the page: a marker in a shell render, else the rendered template.

    A model instance among the params is kept as its pk only (`{"pk": ...}`): a slot shows personal state,
    the shared HTML shows the object.
    """
    params = {name: {"pk": value.pk} if isinstance(value, Model) else value for name, value in params.items()}
    request = context.get("request")
    slots = getattr(request, SHELL_FLAG, None) if request is not None else None
    if slots is not None:
        slots.append((template_name, params))
        return mark_safe(SLOT_MARKER.format(len(slots) - 1))  # noqa: S308 - our own marker
    template = context.template.engine.get_template(template_name)
    with context.push(params):
        return template.render(context)


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


class VisitorPageMiddleware:
    """A visitor's cached page, served before the middleware below it and the URL resolver.

    Only for a GET from a visitor without a session cookie and without a message cookie: nobody is logged
    in, there is no cart and no message, so `visitor_page_cache` would serve the whole page anyway; anyone
    else goes the usual way. The copy is made from the response of a view wrapped in `visitor_page_cache`
    with `settings.PAGE_CACHE_KEY_PARTS` (the view hands it over, with the key parts it rendered under) as
    the middleware below this one left it, and kept under the same key parts; any other URL goes the usual
    way without a look at the cache. A page whose render made a
    CSP nonce or set a cookie below this middleware is never kept. Place it right after CsrfViewMiddleware
    (its token fills the copy's placeholder, and its cookie is set as for any page), after LocaleMiddleware
    (the language is part of the key) and before AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.key_parts = import_string(settings.PAGE_CACHE_KEY_PARTS)

    def __call__(self, request):
        if (
            request.method != "GET"
            or not _bare_visitor(request)
            or _view_key_parts(request.path_info, get_urlconf() or settings.ROOT_URLCONF)
            is not self.key_parts
        ):
            return self.get_response(request)
        key = _key("visitor", request, self.key_parts())
        kept = recent_copies.get(key)
        if kept is None:
            kept = caches[CACHE_ALIAS].get(key)
            if kept is not None:
                recent_copies.put(key, kept)
        if kept is not None:
            return _early_response(request, kept)
        setattr(request, EARLY_FLAG, self.key_parts)
        response = self.get_response(request)
        handed = getattr(response, EARLY_PAGE, None)
        if (
            handed is not None
            and response.status_code == 200
            and not response.cookies
            and getattr(request, "_csp_nonce", None) is None  # a nonce is per response (django-csp)
        ):
            parts, content = handed
            kept = {
                "pieces": content.split(PLACEHOLDER.encode()),
                "headers": dict(response.items()),
                "until": time.time() + PAGE_SECONDS,
            }
            key = _key("visitor", request, parts)
            caches[CACHE_ALIAS].set(key, kept, PAGE_SECONDS)
            recent_copies.put(key, kept)
        return response


class BoundedMemory:
    """A process's last `size` entries by use, shared by its threads."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def _fresh(self, value) -> bool:
        return True

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is None:
                return None
            if not self._fresh(value):
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class RecentCopies(BoundedMemory):
    """This process's most recently served visitor copies, so a hit reads one shared entry (the catalog
    version, for its key) and not the page too.

    The key holds everything the copy depends on (path, language, htmx, catalog version, running promos), and
    a copy is dropped at the moment the shared cache lets it expire (its "until"), so a copy from here is
    exactly what the shared cache would give. A clear of the shared cache reaches these copies only at their
    "until" (the key parts are how pages are made stale; nothing clears the cache for that)."""

    def _fresh(self, kept: dict) -> bool:
        return kept["until"] > time.time()


recent_copies = RecentCopies(RECENT_COPIES)
slot_memos = BoundedMemory(SLOT_MEMOS)


@functools.lru_cache(maxsize=4096)
def _view_key_parts(path_info: str, urlconf: str) -> Callable | None:
    """The key parts of the `visitor_page_cache` the URL's view is wrapped in, if any (the URLs of a process
    do not change, so the answer is kept: resolving costs more than serving the copy)."""
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "visitor_page_key_parts", None)


def clear_process_memory() -> None:
    """Forget this process's copies, rendered slots and resolved URLs (tests, between two of them)."""
    recent_copies.clear()
    slot_memos.clear()
    _view_key_parts.cache_clear()


def _bare_visitor(request) -> bool:
    """No session and no message cookie: not logged in, no cart, no message (nothing to read to know it)."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _early_response(request, kept: dict) -> HttpResponse:
    pieces = kept["pieces"]
    content = pieces[0] if len(pieces) == 1 else get_token(request).encode().join(pieces)
    return HttpResponse(content, headers=kept["headers"])
