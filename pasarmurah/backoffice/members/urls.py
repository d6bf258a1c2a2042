from django.urls import path

from pasarmurah.backoffice.members import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("ekspor/", views.member_list_export, name="export"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/tanggal-lahir/", views.member_birth_date_correct, name="birth_date_correct"),
    path("<int:pk>/catatan/", views.member_note_add, name="note_add"),
    path("<int:pk>/tag/", views.member_tag_add, name="tag_add"),
    path("<int:pk>/tag/<int:tag_pk>/hapus/", views.member_tag_remove, name="tag_remove"),
]
