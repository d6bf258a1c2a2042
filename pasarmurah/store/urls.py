from django.urls import path

from pasarmurah.store import views

app_name = "store"
urlpatterns = [
    path("", views.home, name="home"),
]
