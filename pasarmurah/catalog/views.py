"""Catalog pages: listings (all products, a category), search with suggestions, product page, promos.

Product grids are cached as HTML for a minute (catalog/fragments.py): a cache hit skips their queries and
rendering. `page` is in the template context only when the grid was built on this request.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from pasarmurah.catalog.forms import ListingForm, SearchForm
from pasarmurah.catalog.fragments import cached_fragment, fragment_key, page_key_parts, running_promos
from pasarmurah.catalog.pricing import attach_prices
from pasarmurah.catalog.search import parse_query
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
from pasarmurah.core.pagecache import visitor_page_cache

PAGE_SIZE = 24


def _listing(request, context: dict, build_page) -> dict:
    """The listing's HTML and figures, cached or built now (then `page` joins the context)."""

    def build():
        page = build_page()
        context["page"] = page
        html = render_to_string("catalog/includes/listing.html", context, request)
        return {
            "html": html,
            "count": page.paginator.count,
            "number": page.number,
            "empty": not page.object_list,
        }

    key = fragment_key("listing", request.get_full_path(), book=context["book"])
    listing = cached_fragment(key, build)
    listing["html"] = mark_safe(listing["html"])  # noqa: S308 - our own rendered template
    return listing


def _listing_response(request, template: str, context: dict):
    """The whole page, or only the listing for htmx (filters, sort, pages) — not on a history restore."""
    if request.htmx and not request.htmx.history_restore_request:
        response = HttpResponse(context["listing"]["html"])
    else:
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@visitor_page_cache(key_parts=page_key_parts)
def catalog(request, slug=None):
    """All products, or one category (with its sub-categories), filtered and sorted by the GET form."""
    category = None
    if slug is not None:
        category = category_for_page(slug)
        if category is None:
            raise Http404
    form = ListingForm(request.GET)
    filters = form.filters(category=category)
    book = running_promos()
    context = {"category": category, "form": form, "filters": filters, "book": book}
    context["listing"] = _listing(
        request,
        context,
        lambda: listing_page(filters, page_number=form.page_number, per_page=PAGE_SIZE, book=book),
    )
    context["categories"] = navigation_categories()
    return _listing_response(request, "catalog/catalog.html", context)


@require_GET
@visitor_page_cache(key_parts=page_key_parts)
def search(request):
    """Search results, kept as whole pages and shells like the other pages: every new phrase is one more
    cached page, which the size-bounded `pages` cache evicts least recently stored first."""
    form = SearchForm(request.GET)
    filters = form.filters()
    book = running_promos()
    context = {"form": form, "filters": filters, "book": book, "query": form.text.strip()}
    context["searched"] = not parse_query(form.text).is_empty

    def build_page():
        page, _searched = search_products(
            form.text, filters, page_number=form.page_number, per_page=PAGE_SIZE, book=book
        )
        return page

    context["listing"] = _listing(request, context, build_page)
    if context["listing"]["empty"]:
        # A helpful empty result: where to look instead.
        context["categories"] = navigation_categories()
        context["best_sellers"] = best_selling_products(limit=8, book=book)
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
@visitor_page_cache(key_parts=page_key_parts)
def product(request, slug):
    product = product_for_page(slug)
    if product is None:
        raise Http404
    book = running_promos()
    attach_prices([product], book=book)

    def build_related():
        related = related_products(product, book=book)
        html = render_to_string("catalog/includes/related.html", {"related": related}, request)
        return {"html": html, "names": [p.name for p in related]}

    related = cached_fragment(fragment_key("related", product.pk, book=book), build_related)
    context = {
        "product": product,
        "images": list(product.images.all()),
        "related_html": mark_safe(related["html"]),  # noqa: S308 - our own rendered template
        "related_names": related["names"],
    }
    return render(request, "catalog/product.html", context)


@require_GET
@visitor_page_cache(key_parts=page_key_parts)
def promos(request):
    """Every running promo with its products and end date; promos outside their dates never show."""
    book = running_promos()
    return render(request, "catalog/promos.html", {"promos": running_promos_with_products(book=book)})
