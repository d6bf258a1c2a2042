from django.urls import path

from pasarmurah.backoffice.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
]
