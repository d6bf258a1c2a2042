from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pasarmurah.core.money import format_rupiah
from pasarmurah.orders.models import Order, OrderEvent, OrderLine, OrderSettings, PaymentProof


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    fields = ["product_name", "sku", "base_unit_price", "unit_price", "quantity"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "kind", "from_status", "to_status", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-only raw view: status changes go through the order services (and the staff order desk)."""

    list_display = ["number", "member", "status", "total", "courier_name", "created_at"]
    list_filter = ["status", "courier_name", "created_at"]
    search_fields = ["number", "member__email", "member__full_name", "member__phone", "recipient_name"]
    list_select_related = ["member"]
    inlines = [OrderLineInline, OrderEventInline]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def view_on_site(self, obj):
        """Staff see an order on the order desk: its own URL is the member's page, a 404 for staff."""
        return reverse("backoffice:orders:order", kwargs={"number": obj.number}) if obj.number else None


@admin.register(PaymentProof)
class PaymentProofAdmin(admin.ModelAdmin):
    list_display = [
        "order",
        "sender_name",
        "sender_bank",
        "amount",
        "shortfall_display",
        "status",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["order__number", "sender_name"]
    list_select_related = ["order"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("short of the total"))
    def shortfall_display(self, obj):
        return format_rupiah(obj.shortfall) if obj.shortfall else "—"

    def view_on_site(self, obj):
        return (
            reverse("backoffice:orders:order", kwargs={"number": obj.order.number})
            if obj.order.number
            else None
        )


@admin.register(OrderSettings)
class OrderSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "payment_window_hours", "auto_complete_days"]

    def has_add_permission(self, request):
        return not OrderSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
