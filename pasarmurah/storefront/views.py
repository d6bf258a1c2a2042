"""Public pages that gather several domains: home, Profil Toko, Cara Pemesanan and robots.txt."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from pasarmurah.catalog.fragments import cached_fragment, fragment_key, page_key_parts, running_promos
from pasarmurah.catalog.selectors import best_selling_products, featured_products, newest_products
from pasarmurah.core.pagecache import visitor_page_cache
from pasarmurah.crm.selectors import approved_testimonials
from pasarmurah.store.selectors import active_bank_accounts


@require_GET
@visitor_page_cache(key_parts=page_key_parts)
def home(request):
    """Promos, categories, featured/newest/best-selling products (a cached fragment) and the contact."""
    book = running_promos()

    def build_products():
        grids = {
            "featured": featured_products(book=book),
            "newest": newest_products(book=book),
            "best_sellers": best_selling_products(book=book),
        }
        return {"html": render_to_string("storefront/includes/home_products.html", grids, request)}

    products = cached_fragment(fragment_key("home", book=book), build_products)
    context = {
        "promos": book.promos,
        "products_html": mark_safe(products["html"]),  # noqa: S308 - our template
        "testimonials": approved_testimonials(limit=3),
    }
    return render(request, "storefront/home.html", context)


@require_GET
@visitor_page_cache(key_parts=page_key_parts)
def profile(request):
    """Profil Toko: the owner's text about the store, its address, hours and contact."""
    return render(request, "storefront/profile.html", {"testimonials": approved_testimonials(limit=6)})


@require_GET
@visitor_page_cache(key_parts=page_key_parts)
def how_to_order(request):
    """Cara Pemesanan: the owner's steps, the bank accounts to transfer to, and where to ask."""
    return render(request, "storefront/how_to_order.html", {"bank_accounts": active_bank_accounts()})


ROBOTS_DISALLOW = ["/admin/", "/akun/", "/keranjang/", "/cari/?", "/cari/saran/"]


@require_GET
def robots_txt(request):
    """robots.txt: crawl the shop, not the staff side, accounts, cart or search results."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines += ["", f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
