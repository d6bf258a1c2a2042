from django.urls import path

from pasarmurah.catalog import views

app_name = "catalog"
urlpatterns = [
    path("katalog/", views.catalog, name="catalog"),
    path("kategori/<slug:slug>/", views.catalog, name="category"),
    path("produk/<slug:slug>/", views.product, name="product"),
    path("cari/", views.search, name="search"),
    path("cari/saran/", views.suggest, name="suggest"),
    path("promo/", views.promos, name="promos"),
]
