from django.urls import path

from pasarmurah.backoffice.automations import views

app_name = "automations"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:rule>/", views.detail, name="detail"),
]
