from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from pasarmurah.accounts.models import Address, BirthDateCorrection, NewsletterSubscription, User
from pasarmurah.accounts.roles import OWNER


class AddressInline(admin.StackedInline):
    model = Address
    extra = 0
    fields = [
        ("label", "is_default"),
        ("recipient_name", "phone"),
        "street",
        ("city", "province", "postal_code"),
    ]


class UserChangeAdminForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "full_name")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["-date_joined"]
    list_display = ["email", "full_name", "phone", "birth_date", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "groups", "date_joined"]
    search_fields = ["email", "full_name", "phone"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [AddressInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["full_name", "phone", "birth_date"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        """The birth date drives the birthday discount: only the owner may edit it here (and it is logged);
        Customer Service corrects it on the member page under /staf/, with a reason."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self._may_edit_birth_date(request):
            fields.append("birth_date")
        return fields

    @staticmethod
    def _may_edit_birth_date(request) -> bool:
        user = request.user
        return user.is_superuser or user.groups.filter(name=OWNER).exists()

    def save_model(self, request, obj, form, change):
        if change and "birth_date" in form.changed_data and obj.birth_date is not None:
            from pasarmurah.accounts.services import birth_date_correct

            new_value = obj.birth_date
            obj.birth_date = form.initial.get("birth_date")
            super().save_model(request, obj, form, change)
            birth_date_correct(member=obj, new_value=new_value, reason="Django admin", by=request.user)
            obj.birth_date = new_value
            return
        super().save_model(request, obj, form, change)


@admin.register(BirthDateCorrection)
class BirthDateCorrectionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "old_value", "new_value", "actor", "reason"]
    search_fields = ["user__email", "user__full_name", "reason"]
    list_select_related = ["user", "actor"]
    readonly_fields = ["user", "actor", "old_value", "new_value", "reason", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["recipient_name", "user", "city", "province", "is_default"]
    list_filter = ["province", "is_default"]
    search_fields = ["recipient_name", "user__email", "user__full_name", "city", "phone"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


@admin.register(NewsletterSubscription)
class NewsletterSubscriptionAdmin(admin.ModelAdmin):
    """The consent record (UU PDP): read-only, it changes only through the member's or visitor's own steps."""

    list_display = ["email", "status", "source", "user", "requested_at", "confirmed_at", "withdrawn_at"]
    list_filter = ["status", "source"]
    search_fields = ["email"]
    readonly_fields = [
        "email",
        "user",
        "status",
        "source",
        "language",
        "requested_at",
        "confirmed_at",
        "withdrawn_at",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
