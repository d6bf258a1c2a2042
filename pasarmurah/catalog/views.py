"""Catalog pages: listings (all products, a category), search with suggestions, product page, promos."""

from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from pasarmurah.catalog.forms import ListingForm, SearchForm
from pasarmurah.catalog.pricing import PromoBook, attach_prices
from pasarmurah.catalog.selectors import (
    best_selling_products,
    category_for_page,
    listing_page,
    navigation_categories,
    product_for_page,
    related_products,
    running_promos_with_products,
    search_products,
    search_suggestions,
)

PAGE_SIZE = 24


def _listing_response(request, template: str, context: dict):
    """The whole page, or only the listing for htmx (filters, sort, pages) — not on a history restore."""
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(request, "catalog/includes/listing.html" if partial else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def catalog(request, slug=None):
    """All products, or one category (with its sub-categories), filtered and sorted by the GET form."""
    category = None
    if slug is not None:
        category = category_for_page(slug)
        if category is None:
            raise Http404
    form = ListingForm(request.GET)
    filters = form.filters(category=category)
    page = listing_page(filters, page_number=form.page_number, per_page=PAGE_SIZE)
    context = {
        "category": category,
        "form": form,
        "filters": filters,
        "page": page,
        "categories": navigation_categories(),
    }
    return _listing_response(request, "catalog/catalog.html", context)


@require_GET
def search(request):
    form = SearchForm(request.GET)
    filters = form.filters()
    page, searched = search_products(form.text, filters, page_number=form.page_number, per_page=PAGE_SIZE)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "searched": searched,
        "query": form.text.strip(),
    }
    if not page.object_list:
        # A helpful empty result: where to look instead.
        context["categories"] = navigation_categories()
        context["best_sellers"] = best_selling_products(limit=8)
    return _listing_response(request, "catalog/search.html", context)


@require_GET
def suggest(request):
    """As-you-type suggestions for the header search box: a small list of product links (htmx)."""
    text = str(request.GET.get("q") or "")[:200]
    products = search_suggestions(text) if len(text.strip()) >= 2 else []
    response = render(request, "catalog/includes/suggestions.html", {"products": products, "query": text})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def product(request, slug):
    product = product_for_page(slug)
    if product is None:
        raise Http404
    book = PromoBook.load()
    attach_prices([product], book=book)
    context = {
        "product": product,
        "images": list(product.images.all()),
        "related": related_products(product, book=book),
    }
    return render(request, "catalog/product.html", context)


@require_GET
def promos(request):
    """Every running promo with its products and end date; promos outside their dates never show."""
    book = PromoBook.load()
    return render(request, "catalog/promos.html", {"promos": running_promos_with_products(book=book)})
