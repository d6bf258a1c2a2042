from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from pasarmurah.backoffice import birthday_report
from pasarmurah.core import views as core_views
from pasarmurah.store.sitemaps import SITEMAPS
from pasarmurah.store.views import robots_txt

handler403 = "pasarmurah.core.views.permission_denied"
handler404 = "pasarmurah.core.views.page_not_found"
handler500 = "pasarmurah.core.views.server_error"

admin.site.site_header = "Pasar Murah — Staf"
admin.site.site_title = "Pasar Murah Staf"
admin.site.index_title = "Data toko"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # --- storefront (issue #3): search engines ---
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"}),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("akun/", include("pasarmurah.accounts.urls")),
    path("favorit/", include("pasarmurah.crm.urls")),
    path("", include("pasarmurah.crm.care_urls")),
    path("", include("pasarmurah.catalog.urls")),
    path("", include("pasarmurah.checkout.urls")),
    path("pesanan/", include("pasarmurah.orders.urls")),
    path("staf/pesanan/", include("pasarmurah.backoffice.order_desk_urls")),
    path("staf/ulang-tahun/", birthday_report.report, name="birthday_report"),
    path("staf/tiket/", include("pasarmurah.backoffice.ticket_desk_urls")),
    path("staf/", include("pasarmurah.backoffice.urls")),
    path("", include("pasarmurah.store.urls")),
]

if settings.SERVE_MEDIA:
    # Public product images only; private uploads live outside MEDIA_ROOT and have their own views.
    # core.media serves them with caching headers; production lets the proxy do it (check --deploy warns).
    from pasarmurah.core.media import public_media

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", public_media)]

if settings.BENCH_CALIBRATION:
    # bench/: the calibration view, a bare Django response through the same middleware (issue #3).
    from pasarmurah.store.views import bench_calibrate

    urlpatterns += [path("bench/calibrate", bench_calibrate)]
