from django.urls import path

from pasarmurah.backoffice.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("paket/", views.pack, name="pack"),
    path("<slug:key>/", views.report, name="report"),
    path("<slug:key>/unduh.<str:fmt>", views.download, name="download"),
]
