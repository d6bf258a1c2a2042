from django.contrib import admin

from pasarmurah.crm.models import WishlistItem, WishlistNotice


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
