"""URLs reversed once per process (core.reversing, `{% url_kept %}`): the same URL as `reverse()` and
`{% url %}` give, reversed once for the same inputs, and a new one when an input changes."""

import pytest
from django.http import HttpResponse
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, set_script_prefix

from pasarmurah.core import reversing
from pasarmurah.core.reversing import reverse_kept


def _view(request, **kwargs):
    return HttpResponse("")


KEPT_PATTERNS = [
    path("line/<int:pk>/change/", _view, name="line"),
    path("thing/<slug:slug>/", _view, name="thing"),
    path("a&b/", _view, name="amp"),
]
urlpatterns = [path("", include((KEPT_PATTERNS, "kept")))]  # this module is the tests' URLconf


@pytest.fixture(autouse=True)
def fresh():
    reversing.kept_urls_forget()
    yield
    reversing.kept_urls_forget()
    set_script_prefix("/")


@pytest.fixture
def reversals(monkeypatch):
    """Every call of Django's reverse() made by core.reversing."""
    calls = []
    real = reversing.reverse
    monkeypatch.setattr(reversing, "reverse", lambda *a, **k: calls.append((a, k)) or real(*a, **k))
    return calls


@override_settings(ROOT_URLCONF=__name__)
def test_the_kept_url_is_reversed_once_for_the_same_arguments(reversals):
    assert reverse_kept("kept:line", args=[7]) == "/line/7/change/"
    assert reverse_kept("kept:line", args=[7]) == "/line/7/change/"
    assert len(reversals) == 1
    assert reverse_kept("kept:line", args=[8]) == "/line/8/change/"
    assert reverse_kept("kept:thing", kwargs={"slug": "tripod-mini"}) == "/thing/tripod-mini/"
    assert len(reversals) == 3


def test_the_urlconf_and_the_script_prefix_are_part_of_the_key():
    with override_settings(ROOT_URLCONF=__name__):
        assert reverse_kept("kept:line", args=[1]) == "/line/1/change/"
        set_script_prefix("/toko/")
        assert reverse_kept("kept:line", args=[1]) == "/toko/line/1/change/"
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF="pasarmurah.core.tests.kept_other_urls"):
        assert reverse_kept("kept:line", args=[1]) == "/other/line/1/change/"


@override_settings(ROOT_URLCONF=__name__)
def test_the_tag_renders_as_the_url_tag_does(reversals):
    source = (
        "{% load shop %}{% url_kept 'kept:line' pk %}|{% url_kept 'kept:thing' slug=slug %}|"
        "{% url_kept 'kept:amp' %}|{% url_kept 'kept:line' pk as kept %}[{{ kept }}]|"
        "{% url_kept 'kept:nothing' as missing %}[{{ missing }}]"
    )
    django = source.replace("url_kept", "url")
    context = {"pk": 5, "slug": "lensa"}
    kept = Template(source).render(Context(context))
    assert kept == Template(django).render(Context(context))
    assert kept == "/line/5/change/|/thing/lensa/|/a&amp;b/|[/line/5/change/]|[]"
    Template(source).render(Context(context))
    assert len([call for call in reversals if call[0][0] != "kept:nothing"]) == 3
    with pytest.raises(NoReverseMatch):
        Template("{% load shop %}{% url_kept 'kept:nothing' %}").render(Context({}))
