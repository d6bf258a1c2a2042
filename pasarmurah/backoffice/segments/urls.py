from django.urls import path

from pasarmurah.backoffice.segments import views

app_name = "segments"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("hitung-ulang/", views.recompute, name="recompute"),
    path("perilaku/", views.behaviour, name="behaviour"),
    path("<slug:group>/", views.group_members, name="members"),
]
