from django.urls import path

from pasarmurah.crm import care_views as views

app_name = "care"
urlpatterns = [
    path("akun/kritik-saran/", views.ticket_list, name="tickets"),
    path("akun/kritik-saran/baru/", views.ticket_create, name="ticket_create"),
    path("akun/kritik-saran/<int:pk>/", views.ticket_detail, name="ticket"),
    path("akun/kritik-saran/<int:pk>/balas/", views.ticket_reply, name="ticket_reply"),
    path("akun/kritik-saran/<int:pk>/nilai/", views.ticket_rate, name="ticket_rate"),
    path("akun/kritik-saran/<int:pk>/foto/<int:message_id>/", views.ticket_photo, name="ticket_photo"),
    path("kontak/", views.contact, name="contact"),
    path("buku-tamu/", views.guestbook, name="guestbook"),
]
