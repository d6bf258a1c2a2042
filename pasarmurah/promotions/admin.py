from django.contrib import admin

from pasarmurah.promotions.models import BirthdayProgramme, Voucher, VoucherRedemption
from pasarmurah.promotions.selectors import birthday_programme_forget


@admin.register(BirthdayProgramme)
class BirthdayProgrammeAdmin(admin.ModelAdmin):
    """The owner's birthday settings (only the Owner role holds the change permission)."""

    fieldsets = [
        (None, {"fields": ["is_active", ("percent", "max_discount", "min_purchase")]}),
        ("Periode", {"fields": ["window_mode", ("days_before", "days_after"), "min_membership_days"]}),
        ("Aturan", {"fields": ["combine_with_voucher", "greeting_text"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        birthday_programme_forget()


class VoucherRedemptionInline(admin.TabularInline):
    model = VoucherRedemption
    extra = 0
    can_delete = False
    fields = ["order", "member", "amount", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "kind",
        "value",
        "min_purchase",
        "starts_at",
        "ends_at",
        "used_count",
        "total_limit",
        "is_active",
    ]
    list_filter = ["is_active", "kind"]
    search_fields = ["code", "description"]
    autocomplete_fields = ["categories"]
    readonly_fields = ["used_count", "member"]
    inlines = [VoucherRedemptionInline]
