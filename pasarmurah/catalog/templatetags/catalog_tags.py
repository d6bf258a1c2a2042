"""Template helpers for catalog listings: links that keep the current filters."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def listing_url(context, **changes):
    """The current listing's query string with some parameters changed ({% listing_url halaman=2 %}).

    A value of None or "" removes the parameter; changing anything but the page goes back to page 1.
    """
    params = context["request"].GET.copy()
    if any(key != "halaman" for key in changes):
        params.pop("halaman", None)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    if params.get("halaman") == "1":
        params.pop("halaman")
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else context["request"].path
