from django.urls import path

from pasarmurah.accounts import views

app_name = "newsletter"
urlpatterns = [
    path("", views.newsletter_signup, name="signup"),
    path("terkirim/", views.newsletter_sent, name="sent"),
    path("konfirmasi/<str:token>/", views.newsletter_confirm, name="confirm"),
    path("berhenti/<str:token>/", views.newsletter_unsubscribe, name="unsubscribe"),
]
