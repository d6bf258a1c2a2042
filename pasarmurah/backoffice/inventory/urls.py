from django.urls import path

from pasarmurah.backoffice.inventory import views

app_name = "inventory"
urlpatterns = [
    path("", views.low_stock, name="low_stock"),
    path("produk/<int:pk>/", views.product_ledger, name="ledger"),
    path("produk/<int:pk>/sesuaikan/", views.product_adjust, name="adjust"),
    path("opname/", views.count_list, name="counts"),
    path("opname/mulai/", views.count_start, name="count_start"),
    path("opname/<int:pk>/", views.count_sheet, name="count"),
    path("opname/<int:pk>/cetak/", views.count_print, name="count_print"),
    path("opname/<int:pk>/baris/<int:line>/", views.count_line_record, name="count_line"),
    path("opname/<int:pk>/kirim/", views.count_submit, name="count_submit"),
    path("opname/<int:pk>/setujui/", views.count_approve, name="count_approve"),
    path("opname/<int:pk>/batal/", views.count_cancel, name="count_cancel"),
]
