from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pasarmurah.crm.models import (
    CrmSettings,
    CustomerListExport,
    CustomerTag,
    SegmentSettings,
    WishlistItem,
    WishlistNotice,
)


@admin.register(WishlistItem)
class WishlistItemAdmin(admin.ModelAdmin):
    list_display = ["product", "user", "created_at", "out_of_stock_since"]
    search_fields = ["product__name", "product__sku", "user__email", "user__full_name"]
    list_select_related = ["product", "user"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["product"]


@admin.register(WishlistNotice)
class WishlistNoticeAdmin(admin.ModelAdmin):
    list_display = ["item", "kind", "event_key", "created_at"]
    list_filter = ["kind"]


@admin.register(CrmSettings)
class CrmSettingsAdmin(admin.ModelAdmin):
    """The owner's CRM settings: only the Owner role holds its permissions (accounts.roles)."""

    list_display = ["__str__", "show_member_stats"]
    fields = ["show_member_stats"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CrmSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CustomerTag)
class CustomerTagAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(CustomerListExport)
class CustomerListExportAdmin(admin.ModelAdmin):
    """The log of the customer list's downloads: read-only."""

    list_display = ["created_at", "by", "file_format", "row_count"]
    list_select_related = ["by"]
    readonly_fields = ["created_at", "by", "file_format", "filters", "row_count"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SegmentSettings)
class SegmentSettingsAdmin(admin.ModelAdmin):
    """The owner's RFM rules (only the Owner role holds its permissions)."""

    fieldsets = [
        (None, {"fields": ["quintile_min_buyers"]}),
        (
            _("Recency (days since the last order)"),
            {"fields": [tuple(f"recency_days_{i}" for i in range(1, 5))]},
        ),
        (_("Frequency (paid orders)"), {"fields": [tuple(f"frequency_{i}" for i in range(1, 5))]}),
        (_("Monetary (rupiah spent)"), {"fields": [tuple(f"monetary_{i}" for i in range(1, 5))]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One row: the list opens it directly (made with the defaults on first use).
        if self.has_view_or_change_permission(request):
            settings = SegmentSettings.load()
            return redirect(reverse("admin:crm_segmentsettings_change", args=[settings.pk]))
        return super().changelist_view(request, extra_context)
