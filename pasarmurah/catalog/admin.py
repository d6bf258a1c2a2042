from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pasarmurah.catalog.models import Brand, Category, Product, ProductImage, Promo
from pasarmurah.catalog.selectors import navigation_forget


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        navigation_forget()


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 1
    fields = ["image", "alt_text", "sort_order"]


class StockStateFilter(admin.SimpleListFilter):
    title = _("stock")
    parameter_name = "stock_state"

    def lookups(self, request, model_admin):
        return [("out", _("Sold out")), ("low", _("Low (1–5)")), ("in", _("In stock"))]

    def queryset(self, request, queryset):
        match self.value():
            case "out":
                return queryset.filter(stock=0)
            case "low":
                return queryset.filter(stock__gte=1, stock__lte=5)
            case "in":
                return queryset.filter(stock__gt=0)
        return queryset


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "sku", "category", "brand", "price", "stock", "is_active", "is_featured"]
    list_editable = ["is_active", "is_featured"]
    list_filter = ["is_active", "is_featured", StockStateFilter, "category", "brand"]
    list_select_related = ["category", "brand"]
    search_fields = ["name", "sku", "brand__name", "category__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["category", "brand"]
    readonly_fields = ["sold_count", "created_at", "updated_at"]
    inlines = [ProductImageInline]
    list_per_page = 50
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["name", "slug", "sku", ("category", "brand")]}),
        (_("Price and stock"), {"fields": [("price", "weight_grams"), "stock"]}),
        (_("Shop"), {"fields": ["description", ("is_active", "is_featured")]}),
        (_("Figures"), {"fields": ["sold_count", "created_at", "updated_at"]}),
    ]


@admin.register(Promo)
class PromoAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "value", "starts_at", "ends_at", "is_active"]
    list_filter = ["is_active", "kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["products", "categories"]
    date_hierarchy = "starts_at"
