import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from pasarmurah.core.money import format_rupiah


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Rp\u00a00"),
        (500, "Rp\u00a0500"),
        (1000, "Rp\u00a01.000"),
        (1_250_000, "Rp\u00a01.250.000"),
        (-5000, "-Rp\u00a05.000"),
        (1_000_000_000, "Rp\u00a01.000.000.000"),
    ],
)
def test_format_rupiah(amount, text):
    assert format_rupiah(amount) == text


@given(st.integers(min_value=0, max_value=10**12))
def test_format_rupiah_reads_back_to_the_same_number(amount):
    text = format_rupiah(amount)
    assert text.startswith("Rp\u00a0")
    assert int(text.removeprefix("Rp\u00a0").replace(".", "")) == amount


def test_rupiah_filter_in_templates():
    template = Template("{% load shop %}{{ price|rupiah }}|{{ bad|rupiah }}")
    assert template.render(Context({"price": 1250000, "bad": "abc"})) == "Rp\u00a01.250.000|"


def test_markdown_filter_strips_scripts_and_handlers():
    template = Template("{% load shop %}{{ text|markdown }}")
    payload = "**Tebal** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    html = template.render(Context({"text": payload}))
    assert "<strong>Tebal</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
