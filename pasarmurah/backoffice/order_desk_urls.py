from django.urls import path

from pasarmurah.backoffice import order_desk

app_name = "desk"
urlpatterns = [
    path("", order_desk.desk, name="desk"),
    path("<str:number>/", order_desk.order_view, name="order"),
    path("<str:number>/bukti/<int:proof_id>/", order_desk.proof_image, name="proof_image"),
    path("<str:number>/bukti/<int:proof_id>/terima/", order_desk.verify, name="verify"),
    path("<str:number>/bukti/<int:proof_id>/tolak/", order_desk.reject, name="reject"),
    path("<str:number>/proses/", order_desk.process, name="process"),
    path("<str:number>/kirim/", order_desk.ship, name="ship"),
    path("<str:number>/batal/", order_desk.cancel, name="cancel"),
]
