from django.urls import path

from pasarmurah.backoffice.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("baru/", views.campaign_create, name="create"),
    path("hitung/", views.audience_count, name="count"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/ubah/", views.campaign_edit, name="edit"),
    path("<int:pk>/pratinjau/", views.campaign_preview, name="preview"),
    path("<int:pk>/progres/", views.campaign_progress, name="progress"),
    path("<int:pk>/tes/", views.campaign_test_send, name="test_send"),
    path("<int:pk>/kirim/", views.campaign_send, name="send"),
    path("<int:pk>/batal/", views.campaign_cancel, name="cancel"),
    path("member/<int:pk>/", views.member_campaigns, name="member"),
]
