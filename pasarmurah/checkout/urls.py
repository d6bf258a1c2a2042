from django.urls import path

from pasarmurah.checkout import views

app_name = "checkout"
urlpatterns = [
    path("keranjang/", views.cart_detail, name="cart"),
    path("keranjang/tambah/<int:product_id>/", views.cart_add_view, name="cart_add"),
    path("keranjang/ubah/<int:product_id>/", views.cart_update_view, name="cart_update"),
    path("keranjang/hapus/<int:product_id>/", views.cart_remove_view, name="cart_remove"),
    path("checkout/", views.checkout, name="checkout"),
]
