from django.urls import path

from pasarmurah.catalog import views

app_name = "catalog"
urlpatterns = [
    path("kategori/<slug:slug>/", views.category, name="category"),
    path("produk/<slug:slug>/", views.product, name="product"),
]
