from django.urls import path

from pasarmurah.backoffice.orders import views

app_name = "orders"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("<str:number>/", views.order_view, name="order"),
    path("<str:number>/bukti/<int:proof_id>/", views.proof_image, name="proof_image"),
    path("<str:number>/bukti/<int:proof_id>/terima/", views.verify, name="verify"),
    path("<str:number>/bukti/<int:proof_id>/tolak/", views.reject, name="reject"),
    path("<str:number>/proses/", views.process, name="process"),
    path("<str:number>/kirim/", views.ship, name="ship"),
    path("<str:number>/batal/", views.cancel, name="cancel"),
    path("<str:number>/nota/", views.nota, name="nota"),
    path("<str:number>/nota.pdf", views.nota_pdf, name="nota_pdf"),
    path("<str:number>/slip-kemas/", views.packing_slip, name="packing_slip"),
    path("<str:number>/label-kirim/", views.shipping_label, name="shipping_label"),
]
