from django.contrib import admin

from pasarmurah.store.models import BankAccount, StoreProfile
from pasarmurah.store.services import store_profile_save


class BankAccountInline(admin.TabularInline):
    model = BankAccount
    extra = 0
    fields = ["bank_name", "account_number", "account_holder", "is_active", "sort_order"]


@admin.register(StoreProfile)
class StoreProfileAdmin(admin.ModelAdmin):
    inlines = [BankAccountInline]
    fieldsets = [
        (None, {"fields": ["name", "tagline"]}),
        (
            "Kontak",
            {
                "fields": [
                    "address",
                    ("city", "province", "postal_code"),
                    ("phone", "whatsapp"),
                    "email",
                    "opening_hours",
                ]
            },
        ),
        ("Teks", {"fields": ["about", "how_to_order"]}),
        ("Media sosial", {"fields": ["instagram_url", "facebook_url", "tiktok_url"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not StoreProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        store_profile_save(profile=obj)
