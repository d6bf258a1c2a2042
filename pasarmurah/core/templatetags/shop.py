"""Template helpers shared by every page: money and phone formatting and small presentation aids."""

from django import template
from django.template.defaulttags import URLNode, url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from pasarmurah.core.money import format_rupiah
from pasarmurah.core.pagecache import personal_slot
from pasarmurah.core.phones import format_phone_national
from pasarmurah.core.reversing import reverse_kept

register = template.Library()


class KeptURLNode(URLNode):
    """`{% url %}` through core.reversing.reverse_kept: the same URL, reversed once per process."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {name: value.resolve(context) for name, value in self.kwargs.items()}
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = ""
        try:
            url = reverse_kept(
                self.view_name.resolve(context), args=args, kwargs=kwargs, current_app=current_app
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url_kept(parser, token):
    """`{% url_kept 'checkout:cart_update' line.product.pk as update_url %}`: `{% url %}` with the same
    arguments, kept in this process (for links repeated on every line of a busy page)."""
    node = url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)


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
