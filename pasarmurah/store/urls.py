from django.urls import path

from pasarmurah.store import views

app_name = "store"
urlpatterns = [
    path("", views.home, name="home"),
    path("profil-toko/", views.profile, name="profile"),
    path("cara-pemesanan/", views.how_to_order, name="how_to_order"),
]
