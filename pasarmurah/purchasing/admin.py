from django.contrib import admin

from pasarmurah.purchasing.models import (
    PurchaseOrder,
    PurchaseOrderEvent,
    PurchaseOrderLine,
    Supplier,
    SupplierProduct,
)


class SupplierProductInline(admin.TabularInline):
    model = SupplierProduct
    extra = 0
    autocomplete_fields = ["product"]


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_person", "phone", "email", "payment_terms_days", "is_active"]
    search_fields = ["name", "contact_person", "email", "phone"]
    list_filter = ["is_active"]
    inlines = [SupplierProductInline]


class PurchaseOrderLineInline(admin.TabularInline):
    model = PurchaseOrderLine
    extra = 0
    readonly_fields = ["product", "quantity", "unit_cost", "expected_date", "received_quantity"]
    can_delete = False


class PurchaseOrderEventInline(admin.TabularInline):
    model = PurchaseOrderEvent
    extra = 0
    readonly_fields = ["actor", "from_status", "to_status", "note", "created_at"]
    can_delete = False


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(admin.ModelAdmin):
    """Read-only: purchase orders change only through the purchasing services (the staff area)."""

    list_display = ["number", "supplier", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["number", "supplier__name"]
    readonly_fields = ["supplier", "number", "status", "note", "created_by", "sent_at"]
    inlines = [PurchaseOrderLineInline, PurchaseOrderEventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
