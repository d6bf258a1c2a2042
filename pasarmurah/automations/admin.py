from django.contrib import admin

from pasarmurah.automations.models import AutomationDelivery, AutomationEvent


@admin.register(AutomationDelivery)
class AutomationDeliveryAdmin(admin.ModelAdmin):
    """The record of the automatic mails: read-only (the jobs write it)."""

    list_display = ["rule", "member", "occasion", "created_at"]
    list_filter = ["rule"]
    search_fields = ["member__email", "occasion"]
    raw_id_fields = ["member", "email", "order"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AutomationEvent)
class AutomationEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor"]
    readonly_fields = ["created_at", "actor", "changes"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
