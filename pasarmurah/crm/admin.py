from django.contrib import admin

from pasarmurah.crm.models import OutboundEmail, WishlistItem, WishlistNotice


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


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "dedupe_key"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]

    def has_add_permission(self, request):
        return False
