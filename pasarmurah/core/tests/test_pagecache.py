"""The page cache on its own: it knows no domain, the caller says what else a page depends on.

The storefront's tests (storefront/tests/test_pagecache.py) hold it on the real pages."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse

from pasarmurah.core.pagecache import visitor_page_cache


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


def test_members_always_get_a_fresh_render(rf, django_user_model):
    renders = []

    @visitor_page_cache(key_parts=lambda: [])
    def page(request):
        renders.append(1)
        return HttpResponse(b"ok")

    request = _visitor(rf)
    request.user = django_user_model(email="m@example.com")
    page(request)
    page(request)
    assert len(renders) == 2
