from django.urls import path

from pasarmurah.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("member/", views.member_list, name="member_list"),
    path("member/<int:pk>/", views.member_detail, name="member_detail"),
    path("member/<int:pk>/tanggal-lahir/", views.member_birth_date_correct, name="member_birth_date_correct"),
]
