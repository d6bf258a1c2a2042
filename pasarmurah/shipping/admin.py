from django.contrib import admin

from pasarmurah.shipping.models import Courier, ShippingRate


class ShippingRateInline(admin.TabularInline):
    model = ShippingRate
    extra = 0
    fields = ["province", "price_per_kg", "etd"]


@admin.register(Courier)
class CourierAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_pickup", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [ShippingRateInline]


@admin.register(ShippingRate)
class ShippingRateAdmin(admin.ModelAdmin):
    list_display = ["courier", "province", "price_per_kg", "etd"]
    list_filter = ["courier", "province"]
    list_editable = ["price_per_kg", "etd"]
    list_select_related = ["courier"]
    search_fields = ["courier__name", "province"]
