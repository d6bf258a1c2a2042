from django.core.paginator import Page, Paginator


def page_of(items, number, *, per_page: int) -> Page:
    """A page of a list; a missing, wrong or too large page number gives the nearest real page."""
    return Paginator(items, per_page).get_page(number)
