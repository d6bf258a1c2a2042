from django import template

from pasarmurah.accounts.forms import NewsletterForm
from pasarmurah.accounts.models import NewsletterSubscription

register = template.Library()


@register.simple_tag
def newsletter_footer_form() -> NewsletterForm:
    """The footer's sign-up form (its own prefix, so its ids never clash with the page's forms)."""
    return NewsletterForm(initial={"source": NewsletterSubscription.Source.FOOTER})
