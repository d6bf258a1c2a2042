"""The page cache on its own: it knows no domain, the caller says what else a page depends on.

The storefront's tests (storefront/tests/test_pagecache.py) hold it on the real pages."""

import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import override_settings
from django.test.signals import template_rendered
from django.urls import path
from django.views.decorators.http import require_GET

from pasarmurah.core import pagecache
from pasarmurah.core.pagecache import (
    PAGE_SECONDS,
    PLACEHOLDER,
    RecentCopies,
    VisitorPageMiddleware,
    slot_memo,
    visitor_page_cache,
)


def _visitor(rf, path="/halaman/"):
    request = rf.get(path)
    request.user = AnonymousUser()
    request.session = {}
    return request


def test_the_callers_key_parts_decide_when_a_copy_is_stale(rf):
    # given a page that depends on one outside value
    state = {"version": 1, "renders": 0}

    @visitor_page_cache(key_parts=lambda: [state["version"]])
    def page(request):
        state["renders"] += 1
        return HttpResponse(f"render {state['renders']}")

    # when two visitors ask while the value stays the same
    first, second = page(_visitor(rf)), page(_visitor(rf))
    # then the second gets the first's copy
    assert first.content == second.content == b"render 1"
    # and once the value changes, the next visitor gets a fresh page
    state["version"] = 2
    assert page(_visitor(rf)).content == b"render 2"
    assert page(_visitor(rf, "/lain/")).content == b"render 3"  # the path is part of the key too


def test_staff_always_get_a_fresh_render(rf, django_user_model):
    renders = []

    @visitor_page_cache(key_parts=lambda: [])
    def page(request):
        renders.append(1)
        return HttpResponse(b"ok")

    request = _visitor(rf)
    request.user = django_user_model(email="staf@example.com", is_staff=True)
    page(request)
    page(request)
    assert len(renders) == 2


def _member(rf, django_user_model, email, path="/halaman/"):
    request = _visitor(rf, path)
    request.user = django_user_model(email=email, full_name=email.split("@")[0].title())
    return request


def test_members_share_the_shell_and_get_their_own_slots(rf, django_user_model):
    # given a page whose personal part is a slot
    renders = []

    def page(request):
        renders.append(1)
        html = Template(
            '{% load shop %}<p>shared</p><b>{% personal "slot.html" %}</b><i>{{ csrf_token }}</i>'
        ).render(RequestContext(request))
        return HttpResponse(html)

    cached = visitor_page_cache(key_parts=lambda: [])(page)
    templates = {"slot.html": "{{ user.email }}|{{ note }}"}
    with override_settings(TEMPLATES=_templates(templates)):
        first = cached(_member(rf, django_user_model, "ani@example.com")).content.decode()
        second = cached(_member(rf, django_user_model, "budi@example.com")).content.decode()
    # then the page rendered once, and each member sees their own slot and token, never the other's
    assert len(renders) == 1
    assert "<b>ani@example.com|</b>" in first and "<p>shared</p>" in first
    assert "<b>budi@example.com|</b>" in second and "ani@" not in second
    assert PLACEHOLDER not in first + second
    assert first.split("<i>")[1] != second.split("<i>")[1]  # two tokens, each the member's own


def test_a_shell_holding_something_personal_outside_a_slot_is_never_shared(rf, django_user_model):
    renders = []

    def page(request):
        renders.append(1)
        return HttpResponse(f"<p>hello {request.user.email}</p>")

    cached = visitor_page_cache(key_parts=lambda: [])(page)
    first = cached(_member(rf, django_user_model, "ani@example.com")).content.decode()
    second = cached(_member(rf, django_user_model, "budi@example.com")).content.decode()
    assert first == "<p>hello ani@example.com</p>" and second == "<p>hello budi@example.com</p>"
    assert len(renders) == 2


def test_a_slot_with_declared_inputs_renders_once_per_inputs_and_one_without_every_time(
    rf, django_user_model, monkeypatch
):
    # given a page with two slots: one declares what it shows (the member's e-mail), one declares nothing
    monkeypatch.setattr(pagecache, "_slot_keys", {})
    slot_memo("kept.html")(lambda context: (context["user"].email,))
    renders = []
    counted = lambda sender, template, **kwargs: renders.append(template.name)  # noqa: E731
    template_rendered.connect(counted)  # sent for every render under the test runner

    def page(request):
        html = Template('{% load shop %}<b>{% personal "kept.html" %}</b><i>{% personal "fresh.html" %}</i>')
        return HttpResponse(html.render(RequestContext(request)))

    cached = visitor_page_cache(key_parts=lambda: [])(page)
    templates = {"kept.html": "{{ user.email }}", "fresh.html": "{{ user.email }}"}
    with override_settings(TEMPLATES=_templates(templates)):
        bodies = [
            cached(_member(rf, django_user_model, email)).content.decode()
            for email in ("ani@example.com", "budi@example.com", "ani@example.com")
        ]
    # then each member sees their own e-mail in both slots
    assert bodies[0] == bodies[2] == "<b>ani@example.com</b><i>ani@example.com</i>"
    assert bodies[1] == "<b>budi@example.com</b><i>budi@example.com</i>"
    # and the declared slot rendered once per e-mail, the other on every request
    template_rendered.disconnect(counted)
    assert renders.count("kept.html") == 2 and renders.count("fresh.html") == 3


def _templates(extra: dict) -> list:
    return [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", extra)],
                "context_processors": [
                    "django.template.context_processors.request",
                    "django.contrib.auth.context_processors.auth",
                    "pasarmurah.core.pagecache.csrf_placeholder",
                ],
                "builtins": [],
            },
        }
    ]


# --- VisitorPageMiddleware: a bare visitor's copy served before the rest of the chain ---------------------

STATE = {"version": 1, "asked": 0}


def key_parts():
    """settings.PAGE_CACHE_KEY_PARTS in these tests."""
    STATE["asked"] += 1
    return [STATE["version"]]


def _routed(request):
    """What the URLs below resolve to; the tests' chain calls its own view."""


# ROOT_URLCONF in these tests: the middleware serves early only URLs whose view is wrapped with the key parts
urlpatterns = [
    path("halaman/", visitor_page_cache(key_parts=key_parts)(require_GET(_routed))),
    path("lain/", require_GET(visitor_page_cache(key_parts=key_parts)(_routed))),
    path("biasa/", _routed),
]


class _Chain:
    """What lies below VisitorPageMiddleware: the rest of the middleware (here one header, as the frame
    options middleware adds) and a view wrapped in `visitor_page_cache`."""

    def __init__(self, view=None, parts=key_parts):
        self.calls = 0
        self.renders = 0
        self.cookie = False
        self.nonce = False

        def page(request):
            self.renders += 1
            html = Template("<p>render {{ n }}</p><i>{{ csrf_token }}</i>").render(
                RequestContext(request, {"n": self.renders})
            )
            return HttpResponse(html)

        self.view = visitor_page_cache(key_parts=parts)(view or page)

    def __call__(self, request):
        self.calls += 1
        request.user = AnonymousUser()
        request.session = {}
        response = self.view(request)
        response["X-Below"] = "frame options"
        if self.cookie:
            response.set_cookie("below", "1")
        if self.nonce:
            request._csp_nonce = "abc"
        return response


def _early_settings():
    return override_settings(
        PAGE_CACHE_KEY_PARTS="pasarmurah.core.tests.test_pagecache.key_parts",
        ROOT_URLCONF="pasarmurah.core.tests.test_pagecache",
    )


def _early(rf, chain, path="/halaman/", method="get"):
    with _early_settings():
        return VisitorPageMiddleware(chain)(getattr(rf, method)(path))


def test_a_bare_visitor_gets_the_copy_without_the_chain_below_with_its_headers_and_own_token(rf):
    # given a page one bare visitor has seen
    STATE["version"] = 1
    chain = _Chain()
    first = _early(rf, chain)
    # when another bare visitor asks for it
    second = _early(rf, chain)
    # then nothing below the middleware ran, the headers are those the chain gave, the token is their own
    assert chain.calls == 1 and chain.renders == 1
    assert second.content.startswith(b"<p>render 1</p>")
    assert dict(second.items()) == dict(first.items())
    assert second["X-Below"] == "frame options" and "Cookie" in second["Vary"]
    first_token = first.content.decode().split("<i>")[1]
    second_token = second.content.decode().split("<i>")[1]
    assert first_token != second_token and PLACEHOLDER not in first_token + second_token
    # and once a key part changes, the page is made again
    STATE["version"] = 2
    assert _early(rf, chain).content.startswith(b"<p>render 2</p>")
    assert _early(rf, chain, "/lain/").content.startswith(b"<p>render 3</p>")  # the path is in the key


def test_a_session_a_message_cookie_or_a_post_goes_the_usual_way(rf):
    STATE["version"] = 1
    chain = _Chain()
    _early(rf, chain)
    for cookie in (settings.SESSION_COOKIE_NAME, "messages"):
        rf.cookies[cookie] = "x"
        _early(rf, chain)
        del rf.cookies[cookie]
    _early(rf, chain, method="post")
    assert chain.calls == 4  # every one of them went through the chain (the view's own copy served them)


def test_a_url_whose_view_is_not_a_cached_page_goes_the_usual_way_without_a_look_at_the_cache(rf):
    chain = _Chain(parts=lambda: [])  # so that only the middleware would ask for PAGE_CACHE_KEY_PARTS
    STATE["asked"] = 0
    for url in ("/biasa/", "/tidak-ada/", "/biasa/"):
        _early(rf, chain, url)
    assert chain.calls == 3 and STATE["asked"] == 0
    _early(rf, chain)
    assert STATE["asked"] == 1  # a cached page's URL: the middleware looks


def test_no_copy_is_kept_of_a_page_with_a_cookie_or_nonce_from_below_a_failure_or_other_key_parts(rf):
    STATE["version"] = 1
    for change in ("cookie", "nonce"):
        chain = _Chain()
        setattr(chain, change, True)
        _early(rf, chain)
        _early(rf, chain)
        assert chain.calls == 2, change
    missing = _Chain(view=lambda request: HttpResponse(b"gone", status=404))
    _early(rf, missing)
    _early(rf, missing)
    assert missing.calls == 2
    other = _Chain(parts=lambda: [STATE["version"]])  # the same parts, but not PAGE_CACHE_KEY_PARTS
    _early(rf, other)
    _early(rf, other)
    assert other.calls == 2 and other.renders == 1  # the view's own copy


def test_a_copy_lasts_as_long_as_the_shared_entry(rf, monkeypatch):
    STATE["version"] = 1
    chain = _Chain()
    _early(rf, chain)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + PAGE_SECONDS - 1)
    assert _early(rf, chain).content.startswith(b"<p>render 1</p>")
    monkeypatch.setattr(time, "time", lambda: now + PAGE_SECONDS + 1)
    assert _early(rf, chain).content.startswith(b"<p>render 2</p>")


def test_recent_copies_are_bounded_and_dropped_when_due():
    copies = RecentCopies(2)
    for key in ("a", "b", "c"):
        copies.put(key, {"until": time.time() + 60})
    assert copies.get("a") is None and copies.get("b") and copies.get("c")
    copies.put("d", {"until": time.time() - 1})
    assert copies.get("d") is None
