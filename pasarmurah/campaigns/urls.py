"""Public links of campaign mails: the signed click redirect and the one-click unsubscribe."""

from django.urls import path

from pasarmurah.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("<str:signed>/", views.click, name="click"),
    path("berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
