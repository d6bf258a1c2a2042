from django.urls import path

from pasarmurah.backoffice.tickets import views

app_name = "tickets"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.ticket, name="ticket"),
    path("<int:pk>/tanggapi/", views.respond, name="respond"),
    path("<int:pk>/tutup/", views.close, name="close"),
    path("<int:pk>/buka/", views.reopen, name="reopen"),
    path("<int:pk>/foto/<int:message_id>/", views.photo, name="photo"),
    path("rekomendasi/", views.recommendations, name="recommendations"),
    path("buku-tamu/", views.guestbook, name="guestbook"),
    path("buku-tamu/<int:pk>/", views.guestbook_review, name="guestbook_review"),
]
