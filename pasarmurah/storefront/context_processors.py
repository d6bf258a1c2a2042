from django.conf import settings
from django.utils.functional import SimpleLazyObject

from pasarmurah.catalog.selectors import navigation_categories
from pasarmurah.store.selectors import store_profile


def store(request):
    """The store profile and the category menu, which the header and footer of every page show,
    and the public address of the site for canonical links and Open Graph tags. Lazy: the personal slots
    of a cached page shell (core.pagecache) need neither."""
    return {
        "store": SimpleLazyObject(store_profile),
        "nav_categories": SimpleLazyObject(navigation_categories),
        "site_url": settings.SITE_URL,
    }
