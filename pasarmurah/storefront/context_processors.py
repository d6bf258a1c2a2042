from django.conf import settings

from pasarmurah.catalog.selectors import navigation_categories
from pasarmurah.store.selectors import store_profile


def store(request):
    """The store profile and the category menu, which the header and footer of every page show,
    and the public address of the site for canonical links and Open Graph tags."""
    return {
        "store": store_profile(),
        "nav_categories": navigation_categories(),
        "site_url": settings.SITE_URL,
    }
