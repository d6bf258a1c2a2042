from django.contrib import admin

from pasarmurah.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included: the log is append-only."""

    list_display = ("created_at", "actor_label", "ip", "kind", "content_type", "object_repr")
    list_filter = ("kind", "is_system", "content_type", "created_at")
    search_fields = ("actor_label", "object_repr", "object_id", "note")
    list_select_related = ("content_type",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
