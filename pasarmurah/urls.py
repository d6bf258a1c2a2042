from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from pasarmurah.accounts import views as accounts_views
from pasarmurah.core import views as core_views

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
    # The admin's own login page would be a second, unthrottled way in: it sends staff to the shop's.
    path("admin/login/", accounts_views.admin_login),
    path("admin/", admin.site.urls),
    path("akun/", include("pasarmurah.accounts.urls")),
    path("newsletter/", include("pasarmurah.accounts.newsletter_urls")),
    path("favorit/", include("pasarmurah.crm.urls")),
    path("", include("pasarmurah.crm.care_urls")),
    path("", include("pasarmurah.catalog.urls")),
    path("", include("pasarmurah.checkout.urls")),
    path("pesanan/", include("pasarmurah.orders.urls")),
    path("k/", include("pasarmurah.campaigns.urls")),
    path("staf/", include("pasarmurah.backoffice.urls")),
    # Home, store profile, how to order, robots.txt and the sitemaps.
    path("", include("pasarmurah.storefront.urls")),
]

if settings.SERVE_MEDIA:
    # Public product images only; private uploads live outside MEDIA_ROOT and have their own views.
    # core.media serves them with caching headers; production lets the proxy do it (check --deploy warns).
    from pasarmurah.core.media import public_media

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", public_media)]

if settings.BENCH_CALIBRATION:
    # bench/: the calibration view, a bare Django response through the same middleware.
    from pasarmurah.demo.views import bench_calibrate

    urlpatterns += [path("bench/calibrate", bench_calibrate)]
