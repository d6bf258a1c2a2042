from pasarmurah.catalog.selectors import navigation_categories
from pasarmurah.store.selectors import store_profile


def store(request):
    """The store profile and the category menu, which the header and footer of every page show."""
    return {"store": store_profile(), "nav_categories": navigation_categories()}
