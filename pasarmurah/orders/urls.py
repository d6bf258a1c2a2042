from django.urls import path

from pasarmurah.orders import views

app_name = "orders"
urlpatterns = [
    path("", views.order_list, name="list"),
    path("<str:number>/", views.order_detail, name="detail"),
    path("<str:number>/bukti/", views.proof_upload, name="proof_upload"),
    path("<str:number>/bukti/<int:proof_id>/", views.proof_image, name="proof_image"),
    path("<str:number>/batal/", views.cancel, name="cancel"),
    path("<str:number>/terima/", views.confirm_received, name="confirm"),
    path("<str:number>/nota/", views.invoice, name="invoice"),
    path("<str:number>/nota.pdf", views.invoice_download, name="invoice_pdf"),
]
