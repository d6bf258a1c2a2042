from django.urls import path

from pasarmurah.backoffice.counter import views

app_name = "counter"
urlpatterns = [
    path("", views.sale, name="sale"),
    path("pindai/", views.scan, name="scan"),
    path("tambah/", views.add, name="add"),
    path("ubah/", views.update, name="update"),
    path("member/", views.member, name="member"),
    path("voucher/", views.voucher, name="voucher"),
    path("bayar/", views.pay, name="pay"),
    path("<str:number>/", views.done, name="done"),
    path("<str:number>/struk/", views.receipt, name="receipt"),
    path("<str:number>/nota/", views.nota, name="nota"),
    path("<str:number>/batal/", views.cancel, name="cancel"),
]
