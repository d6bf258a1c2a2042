from django.urls import path

from pasarmurah.backoffice.purchasing import views

app_name = "purchasing"
urlpatterns = [
    path("", views.order_list, name="orders"),
    path("po/baru/", views.order_create, name="order_create"),
    path("po/<int:pk>/", views.order_detail, name="order"),
    path("po/<int:pk>/baris/", views.order_line_set, name="order_line_set"),
    path("po/<int:pk>/baris/<int:line_pk>/hapus/", views.order_line_remove, name="order_line_remove"),
    path("po/<int:pk>/kirim/", views.order_send, name="order_send"),
    path("po/<int:pk>/batal/", views.order_cancel, name="order_cancel"),
    path("po/<int:pk>/pdf/", views.order_pdf, name="order_pdf"),
    path("po/<int:pk>/terima/", views.receipt_create, name="receipt_create"),
    path("penerimaan/<int:pk>/nota/", views.receipt_photo, name="receipt_photo"),
    path("pemasok/<int:pk>/bayar/", views.payment_create, name="payment_create"),
    path("pembayaran/<int:pk>/kwitansi/", views.payment_photo, name="payment_photo"),
    path("pemasok/<int:pk>/saran-order/", views.reorder, name="reorder"),
    path("hutang/", views.payables, name="payables"),
    path("jurnal/", views.journal, name="journal"),
    path("jurnal/pdf/", views.journal_pdf, name="journal_pdf"),
    path("pemasok/", views.supplier_list, name="suppliers"),
    path("pemasok/baru/", views.supplier_create, name="supplier_create"),
    path("pemasok/<int:pk>/", views.supplier_detail, name="supplier"),
    path("pemasok/<int:pk>/ubah/", views.supplier_edit, name="supplier_edit"),
    path("pemasok/<int:pk>/produk/", views.supplier_product_set, name="supplier_product_set"),
    path(
        "pemasok/<int:pk>/produk/<int:offer_pk>/hapus/",
        views.supplier_product_remove,
        name="supplier_product_remove",
    ),
    path("pemasok/<int:pk>/minta-harga/", views.price_request_create, name="price_request_create"),
    path("permintaan-harga/", views.price_request_list, name="price_requests"),
    path("permintaan-harga/<int:pk>/", views.price_request_detail, name="price_request"),
    path("permintaan-harga/<int:pk>/kirim/", views.price_request_send, name="price_request_send"),
    path("permintaan-harga/<int:pk>/jawaban/", views.price_request_answer, name="price_request_answer"),
    path("permintaan-harga/<int:pk>/pdf/", views.price_request_pdf, name="price_request_pdf"),
]
