from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pasarmurah.catalog import services
from pasarmurah.catalog.models import Brand, Category, Product, ProductImage, Promo
from pasarmurah.core.images import clean_image

# Every save and delete here goes through catalog.services, which keep the search index, thumbnails and the
# cached menus right (the admin's own bulk "delete selected" is routed through them too).


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        services.category_save(category=obj)

    def delete_model(self, request, obj):
        services.category_delete(category=obj)

    def delete_queryset(self, request, queryset):
        for category in queryset:
            services.category_delete(category=category)


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        services.brand_save(brand=obj)

    def delete_model(self, request, obj):
        services.brand_delete(brand=obj)

    def delete_queryset(self, request, queryset):
        for brand in queryset:
            services.brand_delete(brand=brand)


class ProductImageForm(forms.ModelForm):
    """A product photo: checked and re-encoded by core.images (JPEG/PNG/WebP, 5 MB, 40 megapixels)."""

    class Meta:
        model = ProductImage
        fields = ["image", "alt_text", "sort_order"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            return clean_image(upload).content
        return upload


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageForm
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
    # Stock changes only through the ledger (the staff's stock page: an adjustment with a reason and a
    # note); the cost price moves with goods receipts and is shown to whom may see it (the Owner).
    readonly_fields = ["stock", "cost_price", "sold_count", "created_at", "updated_at"]
    inlines = [ProductImageInline]
    list_per_page = 50
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["name", "slug", "sku", ("category", "brand")]}),
        (_("Price and stock"), {"fields": [("price", "weight_grams"), ("stock", "min_stock"), "cost_price"]}),
        (_("Shop"), {"fields": ["description", ("is_active", "is_featured")]}),
        (_("Figures"), {"fields": ["sold_count", "created_at", "updated_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm("inventory.view_cost_price"):
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "cost_price"]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (
            fields
            if request.user.has_perm("inventory.view_cost_price")
            else [f for f in fields if f != "cost_price"]
        )

    def save_model(self, request, obj, form, change):
        services.product_save(product=obj)

    def delete_model(self, request, obj):
        services.product_delete(product=obj)

    def delete_queryset(self, request, queryset):
        for product in queryset:
            services.product_delete(product=product)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProductImage:
            return super().save_formset(request, form, formset, change)
        images = formset.save(commit=False)
        for image in formset.deleted_objects:
            services.product_image_delete(image=image)
        for image in images:
            image_changed = "image" in next(
                (f.changed_data for f in formset.forms if f.instance is image), ["image"]
            )
            if image_changed:
                services.product_image_save(image=image)
            else:
                image.save()
        formset.save_m2m()


@admin.register(Promo)
class PromoAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "value", "starts_at", "ends_at", "is_active"]
    list_filter = ["is_active", "kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["products", "categories"]
    date_hierarchy = "starts_at"

    def save_model(self, request, obj, form, change):
        services.promo_save(promo=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.promo_changed()  # its products and categories are saved after the promo itself

    def delete_model(self, request, obj):
        services.promo_delete(promo=obj)

    def delete_queryset(self, request, queryset):
        for promo in queryset:
            services.promo_delete(promo=promo)
