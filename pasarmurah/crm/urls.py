from django.urls import path

from pasarmurah.crm import views

app_name = "crm"
urlpatterns = [
    path("", views.wishlist, name="wishlist"),
    path("<int:product_id>/", views.wishlist_toggle, name="wishlist_toggle"),
]
