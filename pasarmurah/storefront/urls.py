from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from pasarmurah.storefront import views
from pasarmurah.storefront.sitemaps import SITEMAPS

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("profil-toko/", views.profile, name="profile"),
    path("cara-pemesanan/", views.how_to_order, name="how_to_order"),
    # Search engines
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "storefront:sitemap"},
        name="sitemap_index",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
