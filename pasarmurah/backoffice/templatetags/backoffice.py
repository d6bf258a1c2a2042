"""{% staff_navigation as nav %}: the staff navigation for this request (see backoffice/navigation.py)."""

from django import template

from pasarmurah.backoffice.navigation import navigation_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_navigation(context):
    request = context.get("request")
    return navigation_for(request) if request is not None else None
