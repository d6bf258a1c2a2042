from django.core.paginator import Page, Paginator


def page_of(items, number, *, per_page: int) -> Page:
    """A page of a list; a missing, wrong or too large page number gives the nearest real page."""
    return Paginator(items, per_page).get_page(number)


def query_without_page(request) -> str:
    """The request's GET parameters, URL-encoded, without `page`: what pagination links carry along."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
