from django.urls import path

from pasarmurah.backoffice.birthday import views

app_name = "birthday"
urlpatterns = [
    path("", views.report, name="report"),
]
