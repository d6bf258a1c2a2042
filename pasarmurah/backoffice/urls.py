"""/staf/: the staff home and one include (and URL namespace) per area: backoffice:<area>:<name>."""

from django.urls import include, path

from pasarmurah.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("pesanan/", include("pasarmurah.backoffice.orders.urls")),
    path("tiket/", include("pasarmurah.backoffice.tickets.urls")),
    path("member/", include("pasarmurah.backoffice.members.urls")),
    path("ulang-tahun/", include("pasarmurah.backoffice.birthday.urls")),
    path("pembelian/", include("pasarmurah.backoffice.purchasing.urls")),
    path("kasir/", include("pasarmurah.backoffice.counter.urls")),
    path("segmen/", include("pasarmurah.backoffice.segments.urls")),
    path("stok/", include("pasarmurah.backoffice.inventory.urls")),
    path("kampanye/", include("pasarmurah.backoffice.campaigns.urls")),
    path("otomasi/", include("pasarmurah.backoffice.automations.urls")),
    path("audit/", include("pasarmurah.backoffice.audit.urls")),
    path("laporan/", include("pasarmurah.backoffice.reports.urls")),
]
