"""sitemap.xml for search engines: products, categories and the static pages, with SITE_URL's address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from pasarmurah.catalog.models import Category, Product


class SiteUrlSitemap(Sitemap):
    """Locations on the public address (settings.SITE_URL), whatever host the request came in on."""

    limit = 10_000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ProductSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Product.objects.on_sale().only("slug", "updated_at").order_by("pk")

    def lastmod(self, product):
        return product.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default, which would iterate over every product.
        return Product.objects.on_sale().aggregate(latest=Max("updated_at"))["latest"]


class CategorySitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Category.objects.filter(is_active=True).only("slug").order_by("pk")


class StaticSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return [
            "storefront:home",
            "catalog:catalog",
            "catalog:promos",
            "storefront:profile",
            "storefront:how_to_order",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"products": ProductSitemap, "categories": CategorySitemap, "pages": StaticSitemap}
