"""The page cache on its own: it knows no domain, the caller says what else a page depends on.

The storefront's tests (storefront/tests/test_pagecache.py) hold it on the real pages."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.test import override_settings

from pasarmurah.core.pagecache import PLACEHOLDER, visitor_page_cache


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
