from django.urls import path

from pasarmurah.backoffice.members import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/tanggal-lahir/", views.member_birth_date_correct, name="birth_date_correct"),
]
