"""Template helpers shared by every page: money and phone formatting and small presentation aids."""

from django import template

from pasarmurah.core.money import format_rupiah
from pasarmurah.core.pagecache import personal_slot
from pasarmurah.core.phones import format_phone_national

register = template.Library()


@register.filter
def rupiah(amount):
    """{{ product.price|rupiah }} -> 'Rp 1.250.000'."""
    try:
        return format_rupiah(int(amount))
    except (TypeError, ValueError):
        return ""


@register.filter
def phone(value):
    """{{ member.phone|phone }} -> '0812-3456-7890': the one format phone numbers are shown in."""
    return format_phone_national(str(value or ""))


@register.filter
def markdown(text):
    """Owner-written Markdown, sanitised: {{ store.about|markdown }}."""
    from django.utils.safestring import mark_safe

    from pasarmurah.core.text import render_markdown

    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3 with an allow-list


@register.simple_tag(takes_context=True)
def personal(context, template_name, **params):
    """`{% personal "template.html" name=value %}`: a part of the page that is this person's own (header, cart
    count, messages, hearts). Rendered in place, except in a shared shell (core.pagecache), where it is a slot
    filled per request. Never inside a cached fragment."""
    return personal_slot(context, template_name, params)
